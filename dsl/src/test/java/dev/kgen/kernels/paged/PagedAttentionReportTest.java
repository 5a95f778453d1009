package dev.kgen.kernels.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.ir.DType;
import org.junit.jupiter.api.Test;

class PagedAttentionReportTest {
  @Test
  void summaryOfAPass() {
    PagedAttentionReport r =
        new PagedAttentionReport("c", 42, DType.BF16, 1.5e-3, 2e-3, "token 0 head 1 dim 2 (got 1.0, expected 0.998)", 1e-2, 100, 0, "", 0, "");
    assertTrue(r.passed());
    assertEquals(
        "PASS case 'c' seed 42 (bf16 output): rel L2 error 1.500e-03 <= tolerance 1.0e-02, max abs error 2.000e-03"
            + " at token 0 head 1 dim 2 (got 1.0, expected 0.998), 100 elements compared",
        r.summary());
  }

  @Test
  void summaryOfAFailureNamesEveryProblem() {
    PagedAttentionReport r =
        new PagedAttentionReport("c", -3, DType.F16, 0, 0, "", 2e-3, 10, 2, "token 1 head 0 dim 0 (got NaN, expected 0.5)", 1, "token 4 head 0 dim 0 (holds 0.0)");
    assertFalse(r.passed());
    assertEquals(
        "FAIL case 'c' seed -3 (fp16 output): rel L2 error 0.000e+00 <= tolerance 2.0e-03, max abs error 0.000e+00,"
            + " 10 elements compared; 2 NaN/inf in decode rows, first at token 1 head 0 dim 0 (got NaN, expected 0.5);"
            + " 1 elements outside the decode rows were written (expected the poison), first at token 4 head 0 dim 0 (holds 0.0)",
        r.summary());
    AssertionError e = assertThrows(AssertionError.class, r::assertPassed);
    assertEquals(r.summary(), e.getMessage());
  }
}
