package dev.kgen.kernels.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.ir.DType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaseJsonReaderTest {
  @SuppressWarnings("unchecked")
  static List<PagedAttentionCase> publicCases() throws Exception {
    List<PagedAttentionCase> cases = new ArrayList<>();
    for (Object o : (List<Object>) TestJson.resource("cases.json")) {
      cases.add(PagedAttentionCase.fromJson((Map<String, Object>) o));
    }
    return cases;
  }

  private static Map<String, Object> minimal() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "tiny");
    m.put("num_seqs", 2L);
    m.put("q_heads", 4L);
    m.put("kv_heads", 2L);
    m.put("head", 64L);
    m.put("block", 16L);
    m.put("seq_len", 100L);
    return m;
  }

  private static void assertMessage(String expected, Map<String, Object> json) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PagedAttentionCase.fromJson(json));
    assertEquals(expected, e.getMessage());
  }

  @Test
  void readsEveryPublicCase() throws Exception {
    List<PagedAttentionCase> cases = publicCases();
    assertEquals(9, cases.size());
    Map<String, PagedAttentionCase> byName = new LinkedHashMap<>();
    for (PagedAttentionCase c : cases) {
      byName.put(c.name(), c);
      assertEquals(DType.BF16, c.dtype(), c.name());
      assertFalse(c.fp8Output(), c.name());
      assertFalse(c.paddedStrides(), c.name());
    }
    assertEquals(
        List.of(
            "llama8b_b64_s2k", "llama70b_tp8_b128_s4k", "long_b4_s32k", "ragged_b96",
            "qwen3next_h256_blk544", "llama8b_fp8kv", "gptoss_sinks_sw128", "h80_alibi_mha",
            "mixed_prefill25"),
        new ArrayList<>(byName.keySet()));

    PagedAttentionCase llama = byName.get("llama8b_b64_s2k");
    assertEquals(64, llama.numSeqs());
    assertEquals(32, llama.qHeads());
    assertEquals(8, llama.kvHeads());
    assertEquals(128, llama.headSize());
    assertEquals(16, llama.blockSize());
    assertEquals(2048, llama.seqLenMin());
    assertTrue(llama.fixedSeqLen());
    assertEquals(KvCacheDtype.AUTO, llama.kvCacheDtype());

    assertEquals(8, byName.get("llama70b_tp8_b128_s4k").numQueriesPerKv());
    PagedAttentionCase ragged = byName.get("ragged_b96");
    assertEquals(16, ragged.seqLenMin());
    assertEquals(8192, ragged.seqLenMax());
    assertFalse(ragged.fixedSeqLen());
    PagedAttentionCase qwen = byName.get("qwen3next_h256_blk544");
    assertEquals(544, qwen.blockSize());
    assertEquals(32, qwen.logicalBlockSize());
    assertEquals(256, qwen.headSize());
    assertEquals(KvCacheDtype.FP8_E4M3, byName.get("llama8b_fp8kv").kvCacheDtype());
    PagedAttentionCase gptoss = byName.get("gptoss_sinks_sw128");
    assertTrue(gptoss.sinks());
    assertEquals(128, gptoss.window());
    assertFalse(gptoss.alibi());
    PagedAttentionCase h80 = byName.get("h80_alibi_mha");
    assertTrue(h80.alibi());
    assertEquals(80, h80.headSize());
    assertEquals(128, h80.headSizePadded());
    assertEquals(1, h80.numQueriesPerKv());
    assertEquals(0.25, byName.get("mixed_prefill25").prefillFrac());
  }

  @Test
  void readsOptionalFields() {
    Map<String, Object> m = minimal();
    m.put("dtype", "fp16");
    m.put("kv", "fp8_e5m2");
    m.put("sinks", true);
    m.put("alibi", false);
    m.put("window", null);
    m.put("prefill_frac", 0.5);
    m.put("seq_len", List.of(3L, 9.0));
    PagedAttentionCase c = PagedAttentionCase.fromJson(m);
    assertEquals(DType.F16, c.dtype());
    assertEquals(KvCacheDtype.FP8_E5M2, c.kvCacheDtype());
    assertTrue(c.sinks());
    assertFalse(c.alibi());
    assertEquals(0, c.window());
    assertEquals(0.5, c.prefillFrac());
    assertEquals(3, c.seqLenMin());
    assertEquals(9, c.seqLenMax());
  }

  @Test
  void unknownFieldIsNamedWithTheAcceptedOnes() {
    Map<String, Object> m = minimal();
    m.put("windows", 128L);
    assertMessage(
        "case 'tiny': unknown field 'windows'; expected one of name, num_seqs, q_heads, kv_heads,"
            + " head, block, seq_len, dtype, kv, sinks, alibi, window, prefill_frac",
        m);
  }

  @Test
  void missingFieldIsNamed() {
    Map<String, Object> m = minimal();
    m.remove("head");
    assertMessage("case 'tiny': missing required field 'head'", m);
    m = minimal();
    m.remove("name");
    assertMessage("case (unnamed): missing required field 'name'", m);
  }

  @Test
  void wrongTypesAreNamed() {
    Map<String, Object> m = minimal();
    m.put("num_seqs", "64");
    assertMessage("case 'tiny': field 'num_seqs' must be an integer, got the string \"64\"", m);
    m = minimal();
    m.put("head", 64.5);
    assertMessage("case 'tiny': field 'head' must be an integer, got the number 64.5", m);
    m = minimal();
    m.put("sinks", 1L);
    assertMessage("case 'tiny': field 'sinks' must be true or false, got the number 1", m);
    m = minimal();
    m.put("seq_len", List.of(1L, 2L, 3L));
    assertMessage("case 'tiny': field 'seq_len' must be an integer or a [min, max] pair, got a list of 3", m);
    m = minimal();
    m.put("seq_len", "long");
    assertMessage(
        "case 'tiny': field 'seq_len' must be an integer or a [min, max] pair, got the string \"long\"", m);
    m = minimal();
    m.put("prefill_frac", true);
    assertMessage("case 'tiny': field 'prefill_frac' must be a number, got the boolean true", m);
    m = minimal();
    m.put("name", 7L);
    assertMessage("case (unnamed): field 'name' must be a string, got the number 7", m);
  }

  @Test
  void badValuesAreNamed() {
    Map<String, Object> m = minimal();
    m.put("kv", "int4");
    assertMessage(
        "case 'tiny': field 'kv': unsupported kv_cache_dtype 'int4': expected one of auto, fp8, fp8_e4m3, fp8_e5m2",
        m);
    m = minimal();
    m.put("dtype", "fp32");
    assertMessage("case 'tiny': field 'dtype': unsupported dtype 'fp32': expected one of bf16, fp16", m);
    m = minimal();
    m.put("q_heads", 30L);
    m.put("kv_heads", 8L);
    assertMessage("case 'tiny': q_heads (30) must be a multiple of kv_heads (8)", m);
  }
}
