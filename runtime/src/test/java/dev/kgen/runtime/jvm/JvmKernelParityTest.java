package dev.kgen.runtime.jvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.jvm.JavaCodegenOptions;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.runtime.cache.DiskCache;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JVM backend against the interpreter on fresh random inputs: every output buffer must be
 * bit-identical (NaNs of any payload count as equal), with fp32 held as float and as double.
 */
class JvmKernelParityTest {
  @TempDir
  static Path cacheDir;

  private static JvmCompiler compiler;

  @BeforeAll
  static void compiler() {
    compiler = new JvmCompiler(new DiskCache(cacheDir));
  }

  private static JvmKernel compile(Kernel k, boolean floatForFp32) {
    return JvmKernel.compile(k, new JavaCodegenOptions(floatForFp32), compiler);
  }

  @ParameterizedTest(name = "{0} rows={1} block={2} fp32-as-float={3}")
  @CsvSource({"fp32, 4, 64, true", "fp32, 4, 64, false", "bf16, 2, 128, true", "fp16, 1, 32, true",
      "fp64, 8, 16, true", "bf16, 16, 32, false"})
  void softmaxMatchesTheInterpreter(String dtype, int rowsPerProgram, int block, boolean floatForFp32) {
    DType t = DType.fromIrName(dtype);
    Kernel k = TestKernels.SOFTMAX.specialize(Map.of("ROWS", rowsPerProgram, "BLOCK", block, "DTYPE", t));
    long seed = System.nanoTime();
    Random r = new Random(seed);
    int rows = 37;
    int cols = block - 3;
    int stride = block + 5;
    ByteBuffer in = Buffers.gaussian(t, rows * stride, 3.0, r);
    ByteBuffer out = Buffers.poisoned(t, rows * stride);
    int[] grid = {(rows + rowsPerProgram - 1) / rowsPerProgram};
    List<Object> got = InterpreterParity.assertSameResults(k, compile(k, floatForFp32), grid,
        List.of(out, in, rows, cols, (long) stride), JvmLaunchOptions.defaults(), "seed " + seed);
    ByteBuffer result = (ByteBuffer) got.get(0);
    for (int row = 0; row < rows; row++) {
      for (int c = 0; c < stride; c++) {
        double v = t.read(result, (long) row * stride + c);
        assertTrue(c < cols ? !Double.isNaN(v) : Double.isNaN(v),
            "row " + row + " column " + c + " is " + v + " (written only below n_cols), seed " + seed);
      }
    }
  }

  @ParameterizedTest(name = "{0} block={1} fp32-as-float={2}")
  @CsvSource({"fp32, 32, true", "fp32, 16, false", "bf16, 64, true", "fp16, 32, false"})
  void rmsNormMatchesTheInterpreter(String dtype, int block, boolean floatForFp32) {
    DType t = DType.fromIrName(dtype);
    Kernel k = TestKernels.rmsNorm(Map.of("BLOCK", block, "DTYPE", t));
    long seed = System.nanoTime();
    Random r = new Random(seed);
    int rows = 9;
    int cols = 3 * block + 7;
    int stride = cols + 2;
    ByteBuffer x = Buffers.gaussian(t, rows * stride, 2.0, r);
    ByteBuffer w = Buffers.gaussian(t, cols, 1.0, r);
    ByteBuffer out = Buffers.poisoned(t, rows * stride);
    InterpreterParity.assertSameResults(k, compile(k, floatForFp32), new int[] {rows},
        List.of(out, x, w, cols, (long) stride, 1e-6), JvmLaunchOptions.defaults().withParallelism(2), "seed " + seed);
  }

  @ParameterizedTest(name = "{0} fp32-as-float={1}")
  @CsvSource({"fp32, true", "fp32, false", "bf16, true", "fp16, true", "fp64, true"})
  void elementwiseOpsMatchTheInterpreter(String dtype, boolean floatForFp32) {
    DType t = DType.fromIrName(dtype);
    int block = 64;
    Kernel k = TestKernels.zoo(Map.of("BLOCK", block, "DTYPE", t));
    long seed = System.nanoTime();
    Random r = new Random(seed);
    int n = 300;
    ByteBuffer a = Buffers.gaussian(t, n, 2.0, r);
    ByteBuffer b = Buffers.gaussian(t, n, 2.0, r);
    t.write(a, 0, Double.NaN);
    t.write(b, 1, 0.0);
    t.write(a, 2, Double.POSITIVE_INFINITY);
    t.write(a, 3, -0.0);
    int[] ints = new int[2 * n];
    for (int i = 0; i < ints.length; i++) {
      ints[i] = i % 7 == 0 ? 0 : r.nextInt(2001) - 1000;
    }
    ints[5] = Integer.MIN_VALUE;
    ints[n + 5] = -1;
    List<Object> args = List.of(Buffers.poisoned(t, TestKernels.ZOO_FLOAT_RESULTS * n),
        Buffers.allocate(DType.I32, TestKernels.ZOO_INT_RESULTS * n), Buffers.allocate(DType.I64, TestKernels.ZOO_LONG_RESULTS * n),
        a, b, Buffers.ints(DType.I32, ints), n, 1.7);
    InterpreterParity.assertSameResults(k, compile(k, floatForFp32), new int[] {(n + block - 1) / block}, args,
        JvmLaunchOptions.defaults(), "seed " + seed);
  }

  @ParameterizedTest(name = "steps={0} fp32-as-float={1}")
  @CsvSource({"0, true", "1, true", "3, true", "4, false"})
  void controlFlowMatchesTheInterpreter(int steps, boolean floatForFp32) {
    int block = 16;
    Kernel k = TestKernels.CONTROL.specialize(Map.of("BLOCK", block));
    long seed = System.nanoTime();
    Random r = new Random(seed);
    int programs = 11;
    int n = 13;
    ByteBuffer x = Buffers.gaussian(DType.F32, programs * n * Math.max(steps, 1) + block, 1.0, r);
    List<Object> args = List.of(Buffers.poisoned(DType.F32, programs * 2 * block), Buffers.allocate(DType.I32, programs * 4),
        x, n, steps);
    InterpreterParity.assertSameResults(k, compile(k, floatForFp32), new int[] {programs}, args,
        JvmLaunchOptions.defaults().withProgramsPerTask(3), "seed " + seed);
  }

  /** A yielded tile that reads its own loop-carried array transposed is not computed in place. */
  @ParameterizedTest(name = "steps={0}")
  @CsvSource({"1", "3"})
  void aYieldReadingItsOwnSlotTransposedMatchesTheInterpreter(int steps) {
    int block = 4;
    Kernel k = TestKernels.CARRIED_TRANSPOSE.specialize(Map.of("BLOCK", block));
    long seed = System.nanoTime();
    ByteBuffer x = Buffers.gaussian(DType.F32, block * block, 1.0, new Random(seed));
    List<Object> args = List.of(x, Buffers.poisoned(DType.F32, block * block), steps);
    InterpreterParity.assertSameResults(k, compile(k, true), new int[] {1}, args, JvmLaunchOptions.defaults(), "seed " + seed);
  }
}
