package dev.kgen.runtime.jvm;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kgen.codegen.jvm.JavaCodegenOptions;
import dev.kgen.interp.Interpreter;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.runtime.cache.DiskCache;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated class's typed {@code runProgram}, called program by program, matches the interpreter. */
class JvmEntryPointsTest {
  @Test
  void runProgramTakesTypedArguments(@TempDir Path dir) throws Throwable {
    Kernel k = TestKernels.SOFTMAX.specialize(Map.of("ROWS", 2, "BLOCK", 16, "DTYPE", DType.F32));
    JvmKernel jvm = JvmKernel.compile(k, JavaCodegenOptions.defaults(), new JvmCompiler(new DiskCache(dir)));
    MethodHandle runProgram = MethodHandles.publicLookup().findStatic(jvm.generatedClass(), "runProgram",
        MethodType.methodType(void.class, int.class, int.class, int.class, int.class, int.class, int.class,
            ByteBuffer.class, ByteBuffer.class, int.class, int.class, long.class));
    long seed = System.nanoTime();
    int rows = 7;
    int cols = 12;
    ByteBuffer in = Buffers.gaussian(DType.F32, rows * cols, 2, new Random(seed));
    ByteBuffer expected = Buffers.poisoned(DType.F32, rows * cols);
    ByteBuffer actual = Buffers.copy(expected);
    int programs = (rows + 1) / 2;
    new Interpreter(k).run(new int[] {programs}, List.of(expected, Buffers.copy(in), rows, cols, (long) cols));
    for (int pid = 0; pid < programs; pid++) {
      runProgram.invokeExact(pid, 0, 0, programs, 1, 1, actual, in, rows, cols, (long) cols);
    }
    assertNull(Buffers.firstDifference(DType.F32, expected, actual), "seed " + seed);
  }
}
