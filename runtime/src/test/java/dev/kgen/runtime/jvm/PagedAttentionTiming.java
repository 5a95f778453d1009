package dev.kgen.runtime.jvm;

import dev.kgen.codegen.jvm.JavaCodegenOptions;
import dev.kgen.interp.Interpreter;
import dev.kgen.ir.DType;
import dev.kgen.runtime.cache.DiskCache;
import java.nio.file.Path;
import java.util.List;

/**
 * Times the paged-attention decode kernel on the interpreter and on the JVM backend, on all
 * processors and on one thread. Both are timed after HotSpot has compiled them (the JVM
 * backend's first launch is reported separately), on buffers reused between runs so that
 * allocation and GC stay out of the measurement. {@code main(cacheDir, seqs)} runs it alone.
 */
final class PagedAttentionTiming {
  private PagedAttentionTiming() {}

  static PagedAttentionCase.Spec spec(int seqs) {
    return new PagedAttentionCase.Spec(DType.BF16, DType.BF16, DType.BF16, 4, 4, 16, 128, 128, 16, 16, 8, false, false, 0,
        false, seqs, 512);
  }

  static String measure(JvmCompiler compiler, int seqs) {
    PagedAttentionCase.Spec spec = spec(seqs);
    PagedAttentionCase c = new PagedAttentionCase(spec, 42);
    JvmKernel jvm = JvmKernel.compile(c.kernel, JavaCodegenOptions.defaults(), compiler);
    JvmLaunchOptions all = JvmLaunchOptions.defaults();
    JvmLaunchOptions one = all.withParallelism(1);
    List<Object> args = InterpreterParity.copy(c.args);
    double first = best(1, () -> jvm.launch(c.grid, args, all));
    long warmUntil = System.nanoTime() + 4_000_000_000L;
    for (int i = 0; i < 300 && System.nanoTime() < warmUntil; i++) {
      jvm.launch(c.grid, args, one);
    }
    double jvmAll = best(10, () -> jvm.launch(c.grid, args, all));
    double jvmOne = best(10, () -> jvm.launch(c.grid, args, one));
    best(2, () -> new Interpreter(c.kernel, true).run(c.grid, args)); // the interpreter's own JIT warm-up
    double interpAll = best(2, () -> new Interpreter(c.kernel, true).run(c.grid, args));
    double interpOne = best(1, () -> new Interpreter(c.kernel, false).run(c.grid, args));
    return String.format("paged attention, %d sequences x %d KV heads x %d queries per KV head, head %d, context <= %d:%n"
            + "  %d threads: interpreter %.1f ms, JVM backend %.2f ms: %.0fx faster%n"
            + "  1 thread:  interpreter %.1f ms, JVM backend %.2f ms: %.0fx faster%n"
            + "  (first JVM launch, before HotSpot compiled the kernel: %.1f ms)",
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

  public static void main(String[] args) {
    JvmCompiler compiler = new JvmCompiler(new DiskCache(Path.of(args[0])));
    System.out.println(measure(compiler, Integer.parseInt(args[1])));
    System.out.println("compilations=" + JvmCompiler.compilations() + " java=" + System.getProperty("java.version")
        + " processors=" + Runtime.getRuntime().availableProcessors());
  }
}
