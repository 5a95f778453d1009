package dev.kgen.runtime;

import dev.kgen.runtime.cuda.CudaBackend;
import dev.kgen.runtime.cuda.CudaDevices;
import dev.kgen.runtime.jvm.JvmBackend;
import dev.kgen.runtime.opencl.OpenClBackend;
import dev.kgen.runtime.opencl.OpenClDevices;
import java.util.ArrayList;
import java.util.List;

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
}
