package dev.kgen.kernels.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PagedAttentionIrTest {
  static Map<String, Object> features(boolean sinks, boolean alibi, int window, boolean fp8) {
    Map<String, Object> m = new HashMap<>();
    m.put("Q_DTYPE", DType.BF16);
    m.put("KV_DTYPE", fp8 ? DType.FP8E4M3 : DType.BF16);
    m.put("OUT_DTYPE", DType.BF16);
    m.put("num_query_heads", 32);
    m.put("num_queries_per_kv", 4);
    m.put("num_queries_per_kv_padded", 16);
    m.put("BLOCK_SIZE", 16);
    m.put("PHYSICAL_BLOCK_SIZE", 16);
    m.put("HEAD_SIZE", 128);
    m.put("HEAD_SIZE_PADDED", 128);
    m.put("USE_ALIBI_SLOPES", alibi);
    m.put("SLIDING_WINDOW", window);
    m.put("x", fp8 ? 16 : 8);
    m.put("filter_by_query_len", true);
    m.put("USE_SINKS", sinks);
    m.put("USE_FP8", false);
    return m;
  }

  @Test
  void specializationFoldsTurnedOffFeatures() {
    Kernel plain = PagedAttentionKernel.DEF.specialize(features(false, false, 0, false));
    Kernel all = PagedAttentionKernel.DEF.specialize(features(true, true, 128, true));
    System.out.println(plain.print());
    assertFalse(plain.print().contains("alibi_slope ="), "ALiBi off leaves no ALiBi code");
    assertTrue(all.print().contains("%alibi_slope ="));
    assertFalse(plain.print().contains("-10000"));
    assertTrue(all.print().contains("-10000"));
    assertNotEquals(plain.contentHash(), all.contentHash());
    assertEquals(plain, PagedAttentionKernel.DEF.specialize(features(false, false, 0, false)));
    assertEquals(plain.contentHash(), PagedAttentionKernel.DEF.specialize(features(false, false, 0, false)).contentHash());
  }
}
