package dev.kgen.runtime.cuda;

/**
 * A CUDA driver call failed. The message names the driver call, the CUDA error name (for
 * example {@code CUDA_ERROR_INVALID_VALUE}) and what kgen was doing; the cause, when the
 * failure came from JCuda, is its {@link jcuda.CudaException}.
 */
public final class CudaDriverException extends RuntimeException {
  private final String call;
  private final String errorName;
  private final String action;

  CudaDriverException(String call, String errorName, String action, Throwable cause) {
    super(call + " failed with " + errorName + " while " + action, cause);
    this.call = call;
    this.errorName = errorName;
    this.action = action;
  }

  /** The driver function that failed, e.g. {@code cuMemAlloc}. */
  public String call() {
    return call;
  }

  /** The CUDA error name, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}. */
  public String errorName() {
    return errorName;
  }

  /** What was being done, e.g. {@code allocating 1024 bytes on device 0}. */
  public String action() {
    return action;
  }
}
