package dev.kgen.examples.softmax;

import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.kernels.norm.SoftmaxKernel;
import dev.kgen.launch.ElementType;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.Backends;
import dev.kgen.runtime.CompiledKernel;
import dev.kgen.runtime.DeviceBuffer;
import dev.kgen.runtime.LaunchOptions;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * Row softmax specialized at run time: bind the kernel's constexprs for this problem (the dtype,
 * the row length padded to a power of two), compile the specialization for the backend, launch
 * one program per row.
 *
 * <pre>java dev.kgen.examples.softmax.SoftmaxJit [auto|cuda|opencl|jvm]</pre>
 */
public final class SoftmaxJit {
  private SoftmaxJit() {}

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "auto", System.out);
  }

  /** Runs 8 bf16 rows of 1000; returns the error, or throws if it is too large. */
  public static double run(String backendName, PrintStream out) {
    SoftmaxRows rows = SoftmaxRows.generate(8, 1000, ElementType.BF16, 42);
    Kernel kernel = SoftmaxKernel.DEF.specialize(Map.of("DTYPE", DType.BF16, "BLOCK_N", rows.blockN()));
    try (Backend backend = Backends.open(backendName, null, out::println)) {
      out.println("row softmax, JIT-specialized on " + backend.device().describe());
      out.println("  " + kernel.print().lines().findFirst().orElse("")); // the IR's signature line
      CompiledKernel compiled = backend.compile(kernel, LaunchOptions.defaults());
      DeviceBuffer in = backend.upload(rows.input());
      DeviceBuffer output = backend.upload(rows.poisonedOutput());
      backend.launch(compiled, new int[] {rows.rows(), 1, 1},
          List.of(output, in, rows.cols(), rows.stride(), rows.stride()));
      backend.synchronize();
      ByteBuffer result = rows.poisonedOutput();
      backend.download(output, result);
      return rows.check(result, out);
    }
  }
}
