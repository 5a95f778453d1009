package dev.kgen.codegen.c;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.TestKernels;
import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.ir.DType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@link RunSteps} proves shows in the emitted checks: a run that stays within one
 * {@code x} group of a split index is consecutive exactly when the stride argument is 1, and
 * only its first offset is read; a run that crosses groups keeps the compare per element. The
 * results are checked against the interpreter on PoCL ({@code OpenClExecutionTest}).
 */
class VectorizedLoadTest {
  private static String cuda(int x, int vector) {
    return CudaEmitter.emit(TestKernels.SPLIT_GATHER.specialize(Map.of("ROWS", 16, "COLS", 64, "X", x, "DT", DType.BF16)),
        new CodegenOptions(64, vector)).source();
  }

  @Test
  void aRunWithinOneGroupIsCheckedByItsStrideAlone() {
    String src = cuda(8, 8);
    assertTrue(src.contains(" & 15) == 0 && lo_stride == 1 && "), src);
    assertTrue(src.contains("[kgen_run] + 7LL * lo_stride]"), src);
    assertFalse(src.contains("[kgen_run + 1] == v"), src);
  }

  @Test
  void aRunAcrossGroupsComparesEveryOffset() {
    String src = cuda(4, 8);
    assertTrue(src.matches("(?s).*(\\w+)\\[kgen_run \\+ 7\\] == \\1\\[kgen_run\\] \\+ 7 .*"), src);
  }

  @Test
  void aMaskAgainstARuntimeBoundIsComparedPerElement() {
    assertTrue(cuda(8, 8).contains("mask[kgen_run + 7] == mask[kgen_run]"));
  }
}
