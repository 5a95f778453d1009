package dev.kgen.runtime.jvm;

import dev.kgen.codegen.jvm.JavaCodegenOptions;
import dev.kgen.codegen.jvm.JavaEmitter;
import dev.kgen.codegen.jvm.JavaSource;
import dev.kgen.errors.KgenInternalError;
import dev.kgen.errors.KgenUserException;
import dev.kgen.ir.Kernel;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A specialized kernel compiled to JVM bytecode, ready to launch on a grid over
 * {@link java.nio.ByteBuffer}s, with the interpreter's argument conventions and results. The
 * generated {@code runPrograms} is called through an exact {@link MethodHandle} once per task,
 * so the per-program call is a plain static call with primitive arguments. Each thread that
 * runs programs keeps one set of tile arrays from {@code newScratch} for every launch of this
 * kernel: a thread runs one task at a time, so no two programs ever share them.
 */
public final class JvmKernel {
  private static final MethodType RUN_PROGRAMS = MethodType.methodType(void.class, Object.class, int.class, int.class,
      int.class, int.class, int.class, Object[].class);
  private static final MethodType NEW_SCRATCH = MethodType.methodType(Object.class);

  private final Kernel kernel;
  private final JavaSource source;
  private final Class<?> generated;
  private final MethodHandle runPrograms;
  private final MethodHandle newScratch;
  private final ThreadLocal<Object> scratch = new ThreadLocal<>();
  private final JvmArguments arguments;

  private JvmKernel(Kernel kernel, JavaSource source, Class<?> generated) {
    this.kernel = kernel;
    this.source = source;
    this.generated = generated;
    this.arguments = new JvmArguments(kernel);
    try {
      this.runPrograms = MethodHandles.publicLookup().findStatic(generated, "runPrograms", RUN_PROGRAMS);
      this.newScratch = MethodHandles.publicLookup().findStatic(generated, "newScratch", NEW_SCRATCH);
    } catch (ReflectiveOperationException e) {
      throw new KgenInternalError("JVM backend: " + generated.getName() + " lacks runPrograms" + RUN_PROGRAMS
          + " or newScratch" + NEW_SCRATCH, e);
    }
  }

  /** Compiles (or loads from the default cache) with the default options. */
  public static JvmKernel compile(Kernel kernel) {
    return compile(kernel, JavaCodegenOptions.defaults(), JvmCompiler.shared());
  }

  public static JvmKernel compile(Kernel kernel, JavaCodegenOptions options, JvmCompiler compiler) {
    Objects.requireNonNull(kernel, "kernel");
    JavaSource source = new JavaEmitter(options).emit(kernel);
    return new JvmKernel(kernel, source, compiler.load(source));
  }

  public Kernel kernel() {
    return kernel;
  }

  public JavaSource source() {
    return source;
  }

  public Class<?> generatedClass() {
    return generated;
  }

  public void launch(int[] grid, List<?> args) {
    launch(grid, args, JvmLaunchOptions.defaults());
  }

  /**
   * Runs every program of the grid (up to three axes; missing axes are 1). {@code args} follow
   * the kernel's parameters: a {@link java.nio.ByteBuffer} per pointer (null only for pointers
   * the kernel never touches), a {@link Number} per scalar. Out-of-bounds accesses throw a
   * {@link dev.kgen.codegen.jvm.JvmKernelException} naming the parameter, offset and capacity.
   */
  public void launch(int[] grid, List<?> args, JvmLaunchOptions options) {
    Objects.requireNonNull(options, "options");
    int[] g = grid(grid);
    Object[] a = arguments.prepare(args);
    long total = (long) g[0] * g[1] * g[2];
    if (total > Integer.MAX_VALUE) {
      throw new KgenUserException(kernel.name() + ": grid " + Arrays.toString(grid) + " has " + total
          + " programs; at most " + Integer.MAX_VALUE + " are supported");
    }
    if (total == 0) {
      return;
    }
    ProgramScheduler.run((int) total, options, () -> {
      Object tiles = threadScratch();
      // a statement lambda: invokeExact in an expression lambda would be typed as returning Object
      return (first, end) -> {
        runPrograms.invokeExact(tiles, first, end, g[0], g[1], g[2], a);
      };
    });
  }

  private Object threadScratch() throws Throwable {
    Object s = scratch.get();
    if (s == null) {
      s = (Object) newScratch.invokeExact();
      scratch.set(s);
    }
    return s;
  }

  private int[] grid(int[] grid) {
    if (grid == null || grid.length < 1 || grid.length > 3) {
      throw new KgenUserException(kernel.name() + ": the grid must have 1 to 3 axes, got "
          + (grid == null ? "null" : Arrays.toString(grid)));
    }
    int[] g = {1, 1, 1};
    for (int i = 0; i < grid.length; i++) {
      if (grid[i] < 0) {
        throw new KgenUserException(kernel.name() + ": grid axis " + i + " is " + grid[i] + " in "
            + Arrays.toString(grid) + "; program counts must not be negative");
      }
      g[i] = grid[i];
    }
    return g;
  }

  @Override
  public String toString() {
    return "JvmKernel[" + source.qualifiedName() + "]";
  }
}
