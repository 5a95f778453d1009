package dev.kgen.runtime.jvm;

import dev.kgen.codegen.jvm.JavaCodegenOptions;
import dev.kgen.interp.Interpreter;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.runtime.cache.DiskCache;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Run in a child JVM by {@link JvmCompilerTest}: loads {@link #kernel()} through a compiler over
 * the cache directory in {@code args[0]}, runs it, checks it against the interpreter and prints
 * {@code compilations=<n>}. Exits 3 when this runtime has no Java compiler.
 */
public final class JvmCacheProbe {
  private JvmCacheProbe() {}

  static Kernel kernel() {
    return TestKernels.rmsNorm(Map.of("BLOCK", 32, "DTYPE", DType.BF16));
  }

  public static void main(String[] args) {
    JvmCompiler compiler = new JvmCompiler(new DiskCache(Path.of(args[0])));
    JvmKernel jvm;
    try {
      jvm = JvmKernel.compile(kernel(), JavaCodegenOptions.defaults(), compiler);
    } catch (JvmCompilerUnavailableException e) {
      System.out.println("unavailable: " + e.getMessage());
      System.exit(3);
      return;
    }
    Random r = new Random(7);
    int rows = 3;
    int cols = 70;
    List<Object> inputs = List.of(Buffers.poisoned(DType.BF16, rows * cols), Buffers.gaussian(DType.BF16, rows * cols, 1, r),
        Buffers.gaussian(DType.BF16, cols, 1, r), cols, (long) cols, 1e-5);
    List<Object> expected = InterpreterParity.copy(inputs);
    List<Object> actual = InterpreterParity.copy(inputs);
    new Interpreter(jvm.kernel()).run(new int[] {rows}, expected);
    jvm.launch(new int[] {rows}, actual);
    String diff = Buffers.firstDifference(DType.BF16, (ByteBuffer) expected.get(0), (ByteBuffer) actual.get(0));
    System.out.println("compilations=" + JvmCompiler.compilations() + " parity=" + (diff == null ? "ok" : diff));
  }
}
