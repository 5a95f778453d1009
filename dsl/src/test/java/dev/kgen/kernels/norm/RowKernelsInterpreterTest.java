package dev.kgen.kernels.norm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.interp.Interpreter;
import dev.kgen.ir.DType;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The DSL is not paged-attention only: softmax and RMSNorm through the interpreter. */
class RowKernelsInterpreterTest {
  @ParameterizedTest
  @CsvSource({"7, 100, fp32", "3, 128, bf16", "5, 33, fp16", "1, 1, fp32"})
  void softmaxMatchesFloat64(int rows, int cols, String dtype) {
    long seed = ThreadLocalRandom.current().nextLong();
    RowProblem p = new RowProblem(rows, cols, DType.fromIrName(dtype), seed);
    ByteBuffer out = p.poisonedOutput();
    new Interpreter(SoftmaxKernel.DEF.specialize(p.constexprs())).run(p.grid(), p.softmaxArgs(out));
    double err = p.maxError(p.softmaxReference(), out);
    assertTrue(err < p.tolerance(), "seed " + seed + ": error " + err);
  }

  @ParameterizedTest
  @CsvSource({"7, 100, fp32", "3, 128, bf16", "5, 33, fp16"})
  void rmsNormMatchesFloat64(int rows, int cols, String dtype) {
    long seed = ThreadLocalRandom.current().nextLong();
    RowProblem p = new RowProblem(rows, cols, DType.fromIrName(dtype), seed);
    ByteBuffer out = p.poisonedOutput();
    new Interpreter(RmsNormKernel.DEF.specialize(p.constexprs())).run(p.grid(), p.rmsNormArgs(out));
    double err = p.maxError(p.rmsNormReference(), out);
    assertTrue(err < p.tolerance(), "seed " + seed + ": error " + err);
  }
}
