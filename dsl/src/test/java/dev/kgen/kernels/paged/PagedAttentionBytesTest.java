package dev.kgen.kernels.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bench script's count: decode rows' seq_len * kv_heads * head * 2 (K and V) * cache
 * element bytes, plus decode rows * q_heads * head * 2 * 2 bytes of query and output.
 */
class PagedAttentionBytesTest {
  private static Map<String, PagedAttentionCase> publicCases() throws Exception {
    Map<String, PagedAttentionCase> m = new LinkedHashMap<>();
    for (PagedAttentionCase c : CaseJsonReaderTest.publicCases()) {
      m.put(c.name(), c);
    }
    return m;
  }

  private static PagedAttentionBatch batch(PagedAttentionCase c, long seed) {
    return PagedAttentionBatch.generate(c, new SplittableRandom(seed));
  }

  @Test
  void publicCasesMatchTheBenchFormula() throws Exception {
    long seed = TestSeeds.fresh();
    Map<String, PagedAttentionCase> cases = publicCases();
    Map<String, Long> expected = new LinkedHashMap<>();
    // 64 * 2048 * 8 * 128 * 2 * 2 + 64 * 32 * 128 * 2 * 2
    expected.put("llama8b_b64_s2k", 536_870_912L + 1_048_576L);
    // 128 * 4096 * 1 * 128 * 2 * 2 + 128 * 8 * 128 * 2 * 2
    expected.put("llama70b_tp8_b128_s4k", 268_435_456L + 524_288L);
    // 4 * 32768 * 8 * 128 * 2 * 2 + 4 * 32 * 128 * 2 * 2
    expected.put("long_b4_s32k", 536_870_912L + 65_536L);
    // 32 * 8192 * 2 * 256 * 2 * 2 + 32 * 16 * 256 * 2 * 2
    expected.put("qwen3next_h256_blk544", 536_870_912L + 524_288L);
    // fp8 cache: 1 byte per K/V element; 64 * 2048 * 8 * 128 * 2 * 1 + 64 * 32 * 128 * 2 * 2
    expected.put("llama8b_fp8kv", 268_435_456L + 1_048_576L);
    // 64 * 4096 * 8 * 64 * 2 * 2 + 64 * 64 * 64 * 2 * 2
    expected.put("gptoss_sinks_sw128", 536_870_912L + 1_048_576L);
    // 32 * 1024 * 32 * 80 * 2 * 2 + 32 * 32 * 80 * 2 * 2
    expected.put("h80_alibi_mha", 335_544_320L + 327_680L);
    // round(64 * 0.25) = 16 prefill rows are skipped: 48 decode rows
    // 48 * 2048 * 8 * 128 * 2 * 2 + 48 * 32 * 128 * 2 * 2
    expected.put("mixed_prefill25", 402_653_184L + 786_432L);
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      PagedAttentionCase c = cases.get(e.getKey());
      assertEquals(e.getValue(), PagedAttentionBytes.minimum(c, batch(c, seed)), e.getKey() + " seed " + seed);
    }

    PagedAttentionCase ragged = cases.get("ragged_b96");
    PagedAttentionBatch b = batch(ragged, seed);
    long tokens = 0;
    for (int len : b.seqLens()) {
      tokens += len;
    }
    assertEquals(tokens * 8 * 128 * 2 * 2 + 96L * 32 * 128 * 2 * 2, PagedAttentionBytes.minimum(ragged, b), "seed " + seed);
  }

  @Test
  void windowedCountsOnlyTheKeysInsideTheWindow() throws Exception {
    long seed = TestSeeds.fresh();
    Map<String, PagedAttentionCase> cases = publicCases();
    PagedAttentionCase gptoss = cases.get("gptoss_sinks_sw128");
    // 64 * 128 * 8 * 64 * 2 * 2 + 64 * 64 * 64 * 2 * 2
    assertEquals(16_777_216L + 1_048_576L, PagedAttentionBytes.windowed(gptoss, batch(gptoss, seed)));
    PagedAttentionCase llama = cases.get("llama8b_b64_s2k");
    assertEquals(
        PagedAttentionBytes.minimum(llama, batch(llama, seed)), PagedAttentionBytes.windowed(llama, batch(llama, seed)));
    // sequences shorter than the window read all their keys
    PagedAttentionCase shortSeqs = gptoss.toBuilder().seqLen(100).build();
    assertEquals(
        PagedAttentionBytes.minimum(shortSeqs, batch(shortSeqs, seed)),
        PagedAttentionBytes.windowed(shortSeqs, batch(shortSeqs, seed)));
  }

  @Test
  void fp8OutputCountsOneByteOutputs() {
    PagedAttentionCase c =
        PagedAttentionCase.builder().name("o8").numSeqs(2).qHeads(4).kvHeads(2).headSize(16).seqLen(10).outputScale(1.0).build();
    PagedAttentionInputs in = PagedAttentionInputs.generate(c, TestSeeds.fresh());
    // 2 * 10 * 2 * 16 * 2 * 2 + 2 * 4 * 16 * (2 + 1)
    assertEquals(2560L + 384L, PagedAttentionBytes.minimum(in));
  }
}
