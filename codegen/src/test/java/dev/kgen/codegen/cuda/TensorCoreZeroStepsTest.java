package dev.kgen.codegen.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.PagedSpecs;
import dev.kgen.ir.DType;
import org.junit.jupiter.api.Test;

/**
 * A head padded to a power of two leaves the products' padded steps out: Q x K^T sums over the
 * head's 80 elements, not 128, and P x V computes 80 columns and writes the other 48 as zeros;
 * the copies of K and V leave out what the products no longer read.
 */
class TensorCoreZeroStepsTest {
  private static String source(int head, DType kv) {
    PagedSpecs s = new PagedSpecs(head, 16, 1, DType.BF16, kv, false, true, 0, false, true);
    return CudaEmitter.emit(s.kernel(), new CodegenOptions(128, 8)).source();
  }

  @Test
  void aPaddedHeadSkipsItsZeroSteps() {
    String h80 = source(80, DType.BF16);
    assertTrue(h80.contains("(kgen_as, kgen_bt, kgen_c, 16, 16, 80, "), "Q x K^T over 80 elements:\n" + h80);
    assertTrue(h80.contains("(kgen_as, kgen_bt, kgen_c, 16, 80, 16, "), "P x V for 80 columns:\n" + h80);
    assertTrue(h80.contains("kgen_c[kgen_e / 48 * "), "the other 48 columns are zeros");
    // nor are the padded columns of K and rows of V copied, which the products no longer read
    assertTrue(h80.contains("if (e % 128 < 80) {"), "K's copies stop at column 80");
    assertTrue(h80.contains("if (e / 16 < 80) {"), "V's copies stop at row 80");
  }

  @Test
  void aFullHeadAndAScaledFp8KeyKeepEveryStep() {
    String h128 = source(128, DType.BF16);
    assertTrue(h128.contains("(kgen_as, kgen_bt, kgen_c, 16, 16, 128, "), h128);
    assertFalse(h128.contains("kgen_e / "), h128);
    assertFalse(h128.contains("< 128) {"), "a full head copies every run");
    // an fp8 K is scaled (zero times a scale read from memory need not be zero): all 128 steps;
    // V is only converted, so its padded columns still go
    String fp8 = source(80, DType.FP8E4M3);
    assertTrue(fp8.contains("(kgen_as, kgen_bt, kgen_c, 16, 16, 128, "), fp8);
    assertTrue(fp8.contains("(kgen_as, kgen_bt, kgen_c, 16, 80, 16, "), fp8);
  }
}
