package dev.kgen.runtime.jvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.jvm.JavaCodegenOptions;
import dev.kgen.interp.Interpreter;
import dev.kgen.ir.DType;
import dev.kgen.runtime.cache.DiskCache;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The paged-attention decode kernel on the JVM backend against the interpreter. */
class JvmPagedAttentionTest {
  @TempDir
  static Path cacheDir;

  private static JvmCompiler compiler;

  @BeforeAll
  static void compiler() {
    compiler = new JvmCompiler(new DiskCache(cacheDir));
  }

  static Stream<PagedAttentionCase.Spec> specs() {
    return PagedAttentionCase.specs().stream();
  }

  @ParameterizedTest
  @MethodSource("specs")
  void matchesTheInterpreterAndLeavesPrefillRowsUntouched(PagedAttentionCase.Spec spec) {
    long seed = System.nanoTime();
    PagedAttentionCase c = new PagedAttentionCase(spec, seed);
    String context = "seed " + seed + ", " + spec;
    for (boolean floatForFp32 : new boolean[] {true, false}) {
      JvmKernel jvm = JvmKernel.compile(c.kernel, new JavaCodegenOptions(floatForFp32), compiler);
      List<Object> got = InterpreterParity.assertSameResults(c.kernel, jvm, c.grid, c.args,
          JvmLaunchOptions.defaults().withProgramsPerTask(1), context);
      ByteBuffer out = (ByteBuffer) got.get(0);
      DType t = spec.out();
      for (int token = 0; token < c.tokens; token++) {
        boolean prefill = c.prefillTokens.contains(token);
        for (int h = 0; h < spec.queryHeads(); h++) {
          for (int d = 0; d < c.outputStride1; d++) {
            double v = t.read(out, (long) token * c.outputStride0 + (long) h * c.outputStride1 + d);
            boolean written = !prefill && d < spec.headSize();
            assertTrue(written ? !Double.isNaN(v) : Double.isNaN(v), "token " + token + " head " + h + " dim " + d
                + " is " + v + (written ? ", expected a value" : ", expected the NaN poison") + " [" + context + "]");
          }
        }
      }
    }
  }

  /**
   * Prints (does not assert) how much faster the JVM backend is than the interpreter, on all
   * processors and on one thread. The JVM backend is timed after HotSpot has compiled the kernel
   * (its first launch, mostly in HotSpot's bytecode interpreter, is printed separately), on
   * buffers reused between launches so that allocation and GC stay out of the measurement.
   */
  @Test
  void timingAgainstTheInterpreter() {
    PagedAttentionCase.Spec spec = new PagedAttentionCase.Spec(DType.BF16, DType.BF16, DType.BF16, 4, 4, 16, 128, 128,
        16, 16, 8, false, false, 0, false, Integer.getInteger("kgen.timing.seqs", 8), 512);
    PagedAttentionCase c = new PagedAttentionCase(spec, 42);
    JvmKernel jvm = JvmKernel.compile(c.kernel, JavaCodegenOptions.defaults(), compiler);
    JvmLaunchOptions all = JvmLaunchOptions.defaults();
    JvmLaunchOptions one = all.withParallelism(1);
    List<Object> args = InterpreterParity.copy(c.args);
    double first = seconds(() -> jvm.launch(c.grid, args, all));
    long warmUntil = System.nanoTime() + 4_000_000_000L;
    for (int i = 0; i < 200 && System.nanoTime() < warmUntil; i++) {
      jvm.launch(c.grid, args, all);
    }
    double jvmAll = best(10, () -> jvm.launch(c.grid, args, all));
    double jvmOne = best(10, () -> jvm.launch(c.grid, args, one));
    double interpAll = best(2, () -> new Interpreter(c.kernel, true).run(c.grid, args));
    double interpOne = best(1, () -> new Interpreter(c.kernel, false).run(c.grid, args));
    System.out.printf("paged attention, %d sequences x %d KV heads x %d queries per KV head, head %d, context <= %d:%n"
            + "  %d threads: interpreter %.1f ms, JVM backend %.2f ms: %.0fx faster%n"
            + "  1 thread:  interpreter %.1f ms, JVM backend %.2f ms: %.0fx faster%n"
            + "  (first JVM launch, before HotSpot compiled the kernel: %.1f ms)%n",
        spec.seqs(), spec.kvHeads(), spec.queriesPerKv(), spec.headSize(), spec.maxContext(), all.parallelism(),
        interpAll * 1e3, jvmAll * 1e3, interpAll / jvmAll, interpOne * 1e3, jvmOne * 1e3, interpOne / jvmOne, first * 1e3);
  }

  private static double best(int runs, Runnable r) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      r.run();
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return best;
  }

  private static double seconds(Runnable r) {
    return best(1, r);
  }
}
