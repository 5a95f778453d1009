package dev.kgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Param;
import dev.kgen.kernels.paged.PagedAttentionKernel;
import dev.kgen.kernels.paged.PagedAttentionSpec;
import dev.kgen.processor.ParamUsage.Access;
import dev.kgen.processor.testkernels.ScaleRowsKernel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamUsageTest {
  private static Map<String, Access> usage(Kernel k) {
    ParamUsage u = ParamUsage.of(k);
    Map<String, Access> out = new LinkedHashMap<>();
    for (Param p : k.params()) {
      out.put(p.name(), u.of(p));
    }
    return out;
  }

  private static Kernel paged(boolean sinks, DType kv) {
    return PagedAttentionKernel.DEF.specialize(
        new PagedAttentionSpec(DType.BF16, kv, DType.BF16, 4, 2, 64, 16, 16 / kv.bytes(), false, 0, sinks, false, 16)
            .constexprs());
  }

  @Test
  void featuresTurnedOffLeaveTheirPointersUnread() {
    Map<String, Access> plain = usage(paged(false, DType.BF16));
    assertEquals(Access.WRITTEN, plain.get("output_ptr"));
    assertEquals(Access.READ, plain.get("query_ptr"));
    assertEquals(Access.READ, plain.get("key_cache_ptr"));
    assertEquals(Access.READ, plain.get("block_tables_ptr"));
    assertEquals(Access.USED, plain.get("stride_k_cache_3"));
    for (String off : new String[] {"sink_ptr", "alibi_slopes_ptr", "query_start_len_ptr", "k_scale", "v_scale",
        "out_scale_inv"}) {
      assertEquals(Access.UNUSED, plain.get(off), off);
    }
    Map<String, Access> fp8Sinks = usage(paged(true, DType.FP8E4M3));
    assertEquals(Access.READ, fp8Sinks.get("sink_ptr"));
    assertEquals(Access.READ, fp8Sinks.get("k_scale"));
    assertEquals(Access.READ, fp8Sinks.get("v_scale"));
  }

  @Test
  void scalarsCountWhereverTheyFlow() {
    Map<String, Access> u = usage(ScaleRowsKernel.DEF.specialize(Map.of("DTYPE", DType.F32, "BLOCK", 64)));
    assertEquals(Access.UNUSED, u.get("bias_ptr"));
    assertEquals(Access.USED, u.get("n"));
    assertEquals(Access.USED, u.get("negate"));
    assertEquals(Access.USED, u.get("grid"));
    assertEquals(Access.READ, usage(ScaleRowsKernel.DEF.specialize(Map.of("DTYPE", DType.F32, "BLOCK", 64, "USE_BIAS", true)))
        .get("bias_ptr"));
  }
}
