package dev.kgen.runtime.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kgen.codegen.jvm.JavaCodegenOptions;
import dev.kgen.codegen.jvm.JvmKernelException;
import dev.kgen.errors.KgenUserException;
import dev.kgen.interp.Interpreter;
import dev.kgen.interp.InterpreterException;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.runtime.cache.DiskCache;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Launch-time checks and run-time bounds errors, with their messages pinned. */
class JvmKernelArgumentsTest {
  @TempDir
  static Path cacheDir;

  private static Kernel kernel;
  private static JvmKernel jvm;

  @BeforeAll
  static void compile() {
    kernel = TestKernels.rmsNorm(Map.of("BLOCK", 16, "DTYPE", DType.F32));
    jvm = JvmKernel.compile(kernel, JavaCodegenOptions.defaults(), new JvmCompiler(new DiskCache(cacheDir)));
  }

  /** out, x, w for {@code rows} rows of {@code cols}, then n_cols, row_stride, eps. */
  private static List<Object> args(int rows, int cols) {
    return new ArrayList<>(Arrays.asList(Buffers.allocate(DType.F32, rows * cols), Buffers.allocate(DType.F32, rows * cols),
        Buffers.allocate(DType.F32, cols), cols, (long) cols, 1e-6));
  }

  private static String launchError(int[] grid, List<Object> args) {
    return assertThrows(KgenUserException.class, () -> jvm.launch(grid, args)).getMessage();
  }

  @Test
  void wrongArgumentCount() {
    List<Object> a = args(1, 16);
    a.remove(5);
    assertEquals("rms_norm: expected 6 arguments (out_ptr, x_ptr, w_ptr, n_cols, row_stride, eps), got 5",
        launchError(new int[] {1}, a));
  }

  @Test
  void wrongArgumentTypes() {
    List<Object> a = args(1, 16);
    a.set(1, new float[16]);
    assertEquals("rms_norm: argument 1 (x_ptr: ptr<fp32>) must be a java.nio.ByteBuffer, got float[]",
        launchError(new int[] {1}, a));
    List<Object> b = args(1, 16);
    b.set(3, "16");
    assertEquals("rms_norm: argument 3 (n_cols: i32) must be a Number, got String", launchError(new int[] {1}, b));
  }

  @Test
  void nullAndReadOnlyBuffers() {
    List<Object> a = args(1, 16);
    a.set(2, null);
    assertEquals("rms_norm: argument 2 (w_ptr: ptr<fp32>) is null, but the kernel loads through it; pass a ByteBuffer"
        + " (null is only for pointers the kernel never touches)", launchError(new int[] {1}, a));
    List<Object> b = args(1, 16);
    b.set(0, ((ByteBuffer) b.get(0)).asReadOnlyBuffer());
    assertEquals("rms_norm: argument 0 (out_ptr: ptr<fp32>) is a read-only ByteBuffer, but the kernel stores through it",
        launchError(new int[] {1}, b));
  }

  @Test
  void badGrids() {
    assertEquals("rms_norm: the grid must have 1 to 3 axes, got [1, 1, 1, 1]", launchError(new int[] {1, 1, 1, 1}, args(1, 16)));
    assertEquals("rms_norm: grid axis 0 is -2 in [-2]; program counts must not be negative",
        launchError(new int[] {-2}, args(1, 16)));
  }

  @Test
  void outOfBoundsAccessesAreReportedAsTheInterpreterReportsThem() {
    // two rows of arguments sized for one: program 1 reads past the end of x_ptr
    List<Object> a = args(1, 16);
    String jvmMessage = assertThrows(JvmKernelException.class, () -> jvm.launch(new int[] {2, 1, 1}, a,
        JvmLaunchOptions.defaults().withParallelism(1))).getMessage();
    String interpreterMessage = assertThrows(InterpreterException.class,
        () -> new Interpreter(kernel, false).run(new int[] {2, 1, 1}, InterpreterParity.copy(a))).getMessage();
    assertEquals("rms_norm: load out of bounds: x_ptr[16] but the buffer holds 16 elements of fp32 (program 1,0,0)",
        jvmMessage);
    assertEquals(interpreterMessage, jvmMessage);
  }

  @Test
  void anEmptyGridRunsNothing() {
    List<Object> a = args(1, 16);
    jvm.launch(new int[] {0}, a);
  }

  @Test
  void launchOptionsAreChecked() {
    assertEquals("JvmLaunchOptions: parallelism must be at least 1, got 0",
        assertThrows(KgenUserException.class, () -> new JvmLaunchOptions(0, 1)).getMessage());
    assertEquals("JvmLaunchOptions: programsPerTask must be positive (or AUTO = 0), got -1",
        assertThrows(KgenUserException.class, () -> JvmLaunchOptions.defaults().withProgramsPerTask(-1)).getMessage());
  }
}
