package dev.kgen.runtime.cuda;

import java.util.function.IntSupplier;
import java.util.function.Supplier;
import jcuda.CudaException;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * Runs one driver call and turns any failure into a {@link CudaDriverException}. JCuda throws
 * when exceptions are enabled; the returned code is checked as well so a caller elsewhere that
 * turned JCuda's exceptions off cannot make a failure pass silently.
 */
final class DriverCall {
  private static volatile boolean initialized;

  private DriverCall() {}

  /** Enables JCuda's exceptions and runs {@code cuInit(0)} once per process. */
  static void init() {
    if (initialized) {
      return;
    }
    synchronized (DriverCall.class) {
      if (!initialized) {
        JCudaDriver.setExceptionsEnabled(true);
        run("cuInit", () -> "initializing the CUDA driver", () -> JCudaDriver.cuInit(0));
        initialized = true;
      }
    }
  }

  /**
   * Runs the call. {@code action} is evaluated only on failure, so it may format freely.
   *
   * @throws CudaDriverException naming {@code call}, the error and the action
   */
  static void run(String call, Supplier<String> action, IntSupplier body) {
    int result;
    try {
      result = body.getAsInt();
    } catch (CudaException e) {
      throw new CudaDriverException(call, errorNameOf(e), action.get(), e);
    }
    if (result != CUresult.CUDA_SUCCESS) {
      throw new CudaDriverException(call, CUresult.stringFor(result), action.get(), null);
    }
  }

  /** JCuda's exception message is the error name, sometimes followed by details. */
  static String errorNameOf(CudaException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return "an unnamed CUDA error";
    }
    return message.strip();
  }
}
