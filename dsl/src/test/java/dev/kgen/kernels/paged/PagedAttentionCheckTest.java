package dev.kgen.kernels.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.ir.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class PagedAttentionCheckTest {
  private static PagedAttentionCase.Builder mixed() {
    return PagedAttentionCase.builder()
        .name("mixed")
        .numSeqs(6)
        .qHeads(4)
        .kvHeads(2)
        .headSize(16)
        .blockSize(8)
        .seqLenRange(1, 40)
        .prefillFrac(0.5)
        .paddedStrides(true);
  }

  /** What a correct kernel stores: the reference, rounded to the output dtype, decode rows only. */
  private static ByteBuffer correctOutput(PagedAttentionInputs in, double[][][] ref, double factor) {
    ByteBuffer out = in.newOutput(Double.NaN);
    TensorLayout l = in.outputLayout();
    HostTensor t = HostTensor.wrap(l, out);
    for (int tok = 0; tok < ref.length; tok++) {
      if (ref[tok] != null) {
        for (int h = 0; h < ref[tok].length; h++) {
          for (int d = 0; d < ref[tok][h].length; d++) {
            t.set(ref[tok][h][d] * factor, tok, h, d);
          }
        }
      }
    }
    return out;
  }

  @Test
  void aCorrectOutputPassesInEveryOutputDtype() {
    long seed = TestSeeds.fresh();
    for (PagedAttentionCase c :
        new PagedAttentionCase[] {
          mixed().build(), mixed().dtype(DType.F16).build(), mixed().outputScale(0.01).build()
        }) {
      PagedAttentionInputs in = PagedAttentionInputs.generate(c, seed);
      double[][][] ref = PagedAttentionReference.compute(in);
      PagedAttentionReport r = PagedAttentionCheck.compare(in, correctOutput(in, ref, 1), ref, Double.NaN);
      assertTrue(r.passed(), r.summary());
      assertEquals(in.batch().numDecodeRows() * 4L * 16, r.checkedElements());
      assertEquals(c.outputDType(), r.outputDType());
      assertEquals(seed, r.seed());
      assertTrue(r.relL2Error() < PagedAttentionCheck.tolerance(c.outputDType()) / 4, r.summary());
      r.assertPassed();
    }
  }

  @Test
  void anUnwrittenOutputIsAllNaN() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in = PagedAttentionInputs.generate(mixed().build(), seed);
    PagedAttentionReport r = PagedAttentionCheck.check(in, in.newOutput(Double.NaN), Double.NaN);
    assertFalse(r.passed());
    assertEquals(r.checkedElements(), r.nonFinite(), r.summary());
    assertEquals(0, r.clobbered());
    assertThrows(AssertionError.class, r::assertPassed);
  }

  @Test
  void aWrongAnswerExceedsTheTolerance() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in = PagedAttentionInputs.generate(mixed().build(), seed);
    double[][][] ref = PagedAttentionReference.compute(in);
    PagedAttentionReport r = PagedAttentionCheck.compare(in, correctOutput(in, ref, 1.05), ref, Double.NaN);
    assertFalse(r.passed(), r.summary());
    assertEquals(0.05, r.relL2Error(), 0.005, r.summary());
    assertTrue(r.summary().startsWith("FAIL case 'mixed' seed " + seed + " (bf16 output): rel L2 error "), r.summary());
    assertTrue(r.summary().contains(" > tolerance 1.0e-02"), r.summary());
  }

  @Test
  void writesToPrefillRowsAndPaddingAreCaught() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in = PagedAttentionInputs.generate(mixed().build(), seed);
    double[][][] ref = PagedAttentionReference.compute(in);
    PagedAttentionBatch b = in.batch();
    int prefill = 0;
    while (b.isDecode(prefill)) {
      prefill++;
    }
    ByteBuffer out = correctOutput(in, ref, 1);
    TensorLayout l = in.outputLayout();
    int token = b.firstToken(prefill) + 3;
    DType.BF16.write(out, l.offset(token, 2, 5), 1.0);
    PagedAttentionReport r = PagedAttentionCheck.compare(in, out, ref, Double.NaN);
    assertEquals(1, r.clobbered(), r.summary());
    assertEquals("token " + token + " head 2 dim 5 (a prefill row the decode kernel must skip) (holds 1.0)", r.firstClobbered());
    assertFalse(r.passed());

    ByteBuffer padded = correctOutput(in, ref, 1);
    long pad = l.offset(0, 1, 15) + 1; // just past head 1 of token 0: stride padding
    DType.BF16.write(padded, pad, 0.0);
    PagedAttentionReport p = PagedAttentionCheck.compare(in, padded, ref, Double.NaN);
    assertEquals(1, p.clobbered(), p.summary());
    assertEquals("element offset " + pad + " (stride padding after token 0) (holds 0.0)", p.firstClobbered());
    assertTrue(p.summary().contains("1 elements outside the decode rows were written (expected the poison)"), p.summary());
  }

  @Test
  void aFinitePoisonWorksToo() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in = PagedAttentionInputs.generate(mixed().paddedStrides(false).build(), seed);
    double[][][] ref = PagedAttentionReference.compute(in);
    ByteBuffer out = in.newOutput(-7.0);
    HostTensor t = HostTensor.wrap(in.outputLayout(), out);
    for (int tok = 0; tok < ref.length; tok++) {
      if (ref[tok] != null) {
        for (int h = 0; h < 4; h++) {
          for (int d = 0; d < 16; d++) {
            t.set(ref[tok][h][d], tok, h, d);
          }
        }
      }
    }
    assertTrue(PagedAttentionCheck.compare(in, out, ref, -7.0).passed());
    assertFalse(PagedAttentionCheck.compare(in, out, ref, Double.NaN).passed());
  }

  @Test
  void tolerancesPerOutputDtype() {
    assertEquals(1e-2, PagedAttentionCheck.tolerance(DType.BF16));
    assertEquals(2e-3, PagedAttentionCheck.tolerance(DType.F16));
    assertEquals(5e-2, PagedAttentionCheck.tolerance(DType.FP8E4M3));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PagedAttentionCheck.tolerance(DType.I32));
    assertEquals("no tolerance for a i32 output: expected bf16, fp16, fp32 or fp8", e.getMessage());
  }

  @Test
  void rejectsAMismatchedBuffer() {
    PagedAttentionInputs in = PagedAttentionInputs.generate(mixed().paddedStrides(false).build(), 1);
    double[][][] ref = PagedAttentionReference.compute(in);
    long need = in.outputLayout().allocationBytes();
    IllegalArgumentException small =
        assertThrows(
            IllegalArgumentException.class,
            () -> PagedAttentionCheck.compare(in, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN), ref, 0));
    assertEquals(
        "output buffer of 8 bytes is too small: expected at least " + need + " for " + in.outputLayout(),
        small.getMessage());
    IllegalArgumentException order =
        assertThrows(
            IllegalArgumentException.class,
            () -> PagedAttentionCheck.compare(in, ByteBuffer.allocate((int) need), ref, 0));
    assertEquals("output buffer must be little-endian; got BIG_ENDIAN", order.getMessage());
    IllegalArgumentException rows =
        assertThrows(
            IllegalArgumentException.class,
            () -> PagedAttentionCheck.compare(in, in.newOutput(0), new double[2][][], 0));
    assertEquals(
        "reference has 2 rows; expected " + in.batch().numTokens() + " (one per query token of case 'mixed')",
        rows.getMessage());
  }
}
