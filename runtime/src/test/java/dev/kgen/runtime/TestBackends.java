package dev.kgen.runtime;

import dev.kgen.runtime.cuda.CudaBackend;
import dev.kgen.runtime.cuda.CudaDevices;
import dev.kgen.runtime.jvm.JvmBackend;
import dev.kgen.runtime.opencl.OpenClBackend;
import dev.kgen.runtime.opencl.OpenClDevices;
import dev.kgen.runtime.interp.InterpreterBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Which compiled backends a test run must cover: the JVM where a compiler exists, OpenCL where
 * a device exists or CI demands one ({@code KGEN_REQUIRE_OPENCL=1}, so a broken driver fails
 * instead of skipping), CUDA where a GPU exists.
 */
public final class TestBackends {
  private TestBackends() {}

  public static boolean openClExpected() {
    return !OpenClDevices.list().isEmpty() || "1".equals(System.getenv("KGEN_REQUIRE_OPENCL"));
  }

  /** Fresh backends, each to be closed by the caller. */
  public static List<Backend> compiled() {
    List<Backend> out = new ArrayList<>();
    if (JvmBackend.compilerPresent()) {
      out.add(JvmBackend.create());
    }
    if (openClExpected()) {
      out.add(OpenClBackend.open(null));
    }
    if (CudaDevices.available()) {
      out.add(CudaBackend.open(null));
    }
    return out;
  }

  /** A test body on one backend at one thread count per program. */
  @FunctionalInterface
  public interface BackendRun {
    void run(Backend backend, int threads) throws Throwable;
  }

  /**
   * One test per backend (the interpreter, then {@link #compiled()}) and thread count, named
   * e.g. {@code "cuda 128 threads"}.
   */
  public static Stream<DynamicTest> perBackendAndThreads(int[] threadCounts, BackendRun body) {
    List<Backend> backends = new ArrayList<>(compiled());
    backends.add(0, new InterpreterBackend());
    List<DynamicTest> tests = new ArrayList<>();
    for (Backend b : backends) {
      for (int threads : threadCounts) {
        tests.add(DynamicTest.dynamicTest(b.name() + " " + threads + " threads", () -> body.run(b, threads)));
      }
    }
    return tests.stream();
  }
}
