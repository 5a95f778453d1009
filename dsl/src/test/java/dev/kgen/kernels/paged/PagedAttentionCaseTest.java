package dev.kgen.kernels.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.ir.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PagedAttentionCaseTest {
  private static PagedAttentionCase.Builder llama() {
    return PagedAttentionCase.builder()
        .name("llama")
        .numSeqs(64)
        .qHeads(32)
        .kvHeads(8)
        .headSize(128)
        .blockSize(16)
        .seqLen(2048);
  }

  private static void assertMessage(String expected, Executable build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
    assertEquals(expected, e.getMessage());
  }

  @Test
  void derivedValuesOfAGqaCase() {
    PagedAttentionCase c = llama().build();
    assertEquals(4, c.numQueriesPerKv());
    assertEquals(16, c.numQueriesPerKvPadded());
    assertEquals(128, c.headSizePadded());
    assertEquals(8, c.x());
    assertEquals(16, c.logicalBlockSize());
    assertTrue(c.powerOfTwoBlock());
    assertEquals(DType.BF16, c.cacheDType());
    assertEquals(DType.BF16, c.outputDType());
    assertEquals(1 / Math.sqrt(128), c.scale());
    assertNull(c.explicitScale());
    assertTrue(c.fixedSeqLen());
    assertEquals(1.0f, c.outScaleInv());
  }

  @Test
  void derivedValuesOfNonPowerOfTwoShapes() {
    PagedAttentionCase c = llama().qHeads(40).kvHeads(1).headSize(80).blockSize(544).build();
    assertEquals(40, c.numQueriesPerKv());
    assertEquals(64, c.numQueriesPerKvPadded());
    assertEquals(128, c.headSizePadded());
    assertEquals(32, c.logicalBlockSize());
    assertFalse(c.powerOfTwoBlock());
  }

  @Test
  void fp8CacheHasSixteenElementVectors() {
    PagedAttentionCase e4 = llama().kvCacheDtype("fp8").build();
    assertEquals(DType.FP8E4M3, e4.cacheDType());
    assertEquals(16, e4.x());
    assertEquals(DType.FP8E5M2, llama().kvCacheDtype(KvCacheDtype.FP8_E5M2).build().cacheDType());
  }

  @Test
  void fp8OutputAndExplicitScale() {
    PagedAttentionCase c = llama().outputScale(0.5).scale(0.25).build();
    assertTrue(c.fp8Output());
    assertEquals(DType.FP8E4M3, c.outputDType());
    assertEquals(2.0f, c.outScaleInv());
    assertEquals(0.25, c.scale());
    assertEquals(0.25, c.explicitScale());
  }

  @Test
  void windowNullOrNegativeMeansNone() {
    assertEquals(0, llama().window(null).build().window());
    assertEquals(0, llama().window(-5).build().window());
    assertEquals(128, llama().window(128).build().window());
  }

  @Test
  void toBuilderRoundTripsEveryField() {
    PagedAttentionCase c =
        llama()
            .seqLenRange(16, 100)
            .dtype(DType.F16)
            .kvCacheDtype("fp8_e5m2")
            .sinks(true)
            .alibi(true)
            .window(64)
            .prefillFrac(0.25)
            .outputScale(2.0)
            .scale(0.1)
            .paddedStrides(true)
            .blockTablePtr(true)
            .build();
    assertEquals(c, c.toBuilder().build());
    assertEquals(c.hashCode(), c.toBuilder().build().hashCode());
    assertNotEquals(c, c.toBuilder().window(0).build());
    assertEquals(
        "llama{seqs=64, heads=32/8, head_size=128, block=16, seq_len=[16, 100], dtype=fp16,"
            + " kv=fp8_e5m2, sinks, alibi, window=64, prefill_frac=0.25, output_scale=2.0,"
            + " scale=0.1, padded_strides, block_table_ptr}",
        c.toString());
  }

  @Test
  void validationMessagesNameTheProblemAndTheExpectation() {
    assertMessage("case name must be a non-empty string", () -> llama().name("").build());
    assertMessage(
        "case 'llama': q_heads (30) must be a multiple of kv_heads (8)", () -> llama().qHeads(30).build());
    assertMessage("case 'llama': num_seqs (0) must be >= 1", () -> llama().numSeqs(0).build());
    assertMessage("case 'llama': q_heads (0) must be >= 1", () -> llama().qHeads(0).build());
    assertMessage("case 'llama': kv_heads (-1) must be >= 1", () -> llama().kvHeads(-1).build());
    assertMessage("case 'llama': head_size (0) must be >= 1", () -> llama().headSize(0).build());
    assertMessage("case 'llama': block_size (0) must be >= 1", () -> llama().blockSize(0).build());
    assertMessage("case 'llama': seq_len (0) must be >= 1", () -> llama().seqLen(0).build());
    assertMessage(
        "case 'llama': seq_len range [10, 5] must have min <= max", () -> llama().seqLenRange(10, 5).build());
    assertMessage(
        "case 'llama': seq_len range [0, 5] must start at >= 1", () -> llama().seqLenRange(0, 5).build());
    assertMessage(
        "case 'llama': unsupported dtype 'fp32': expected one of bf16, fp16",
        () -> llama().dtype(DType.F32).build());
    assertMessage(
        "case 'llama': head_size (100) must be a multiple of x (8 = 16 bytes / 2-byte bf16 cache elements)",
        () -> llama().headSize(100).build());
    assertMessage(
        "case 'llama': head_size (72) must be a multiple of x (16 = 16 bytes / 1-byte fp8e4m3 cache elements)",
        () -> llama().headSize(72).kvCacheDtype("fp8_e4m3").build());
    assertMessage(
        "case 'llama': prefill_frac (1.5) must be in [0, 1]", () -> llama().prefillFrac(1.5).build());
    assertMessage(
        "case 'llama': prefill_frac (NaN) must be in [0, 1]", () -> llama().prefillFrac(Double.NaN).build());
    assertMessage(
        "case 'llama': output_scale (0.0) must be finite and > 0", () -> llama().outputScale(0.0).build());
    assertMessage("case 'llama': scale (-1.0) must be finite and > 0", () -> llama().scale(-1.0).build());
    assertMessage(
        "unsupported kv_cache_dtype 'int4': expected one of auto, fp8, fp8_e4m3, fp8_e5m2",
        () -> llama().kvCacheDtype("int4"));
  }

  @Test
  void powersOfTwo() {
    assertEquals(1, PagedAttentionCase.nextPowerOfTwo(1));
    assertEquals(2, PagedAttentionCase.nextPowerOfTwo(2));
    assertEquals(4, PagedAttentionCase.nextPowerOfTwo(3));
    assertEquals(128, PagedAttentionCase.nextPowerOfTwo(80));
    assertEquals(256, PagedAttentionCase.nextPowerOfTwo(256));
    assertTrue(PagedAttentionCase.isPowerOfTwo(16));
    assertFalse(PagedAttentionCase.isPowerOfTwo(544));
    assertFalse(PagedAttentionCase.isPowerOfTwo(0));
  }
}
