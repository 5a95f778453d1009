package dev.kgen.examples.paged;

import dev.kgen.runtime.Backend;
import dev.kgen.runtime.Backends;
import dev.kgen.runtime.paged.PagedAttention;
import java.io.PrintStream;

/**
 * One decode step of a small serving batch through {@link PagedAttention}, which specializes
 * the paged-attention kernel for the call at run time (JIT), compiles it for the backend, caches
 * it, and launches. The KV cache is managed in Java ({@link PagedKvCache}).
 *
 * <pre>java dev.kgen.examples.paged.PagedDecodeJit [auto|cuda|opencl|jvm]</pre>
 */
public final class PagedDecodeJit {
  private PagedDecodeJit() {}

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "auto", System.out);
  }

  /** Runs the step on the named backend; returns the relative error, or throws if it is too large. */
  public static double run(String backendName, PrintStream out) {
    DecodeStep step = DecodeStep.generate(42);
    try (Backend backend = Backends.open(backendName, null, out::println);
        PagedAttention attention = PagedAttention.on(backend)) {
      out.println("paged attention, JIT-specialized on " + backend.device().describe());
      step.describe(out);
      DecodeOnBackend call = new DecodeOnBackend(backend, step);
      attention.forward(call.args());
      return step.check(call.output(), out);
    }
  }
}
