package dev.kgen.runtime.cuda;

/**
 * A CUDA compiler rejected a source or could not be run. The message names the compiler, the
 * kernel and target and holds the compiler's full output, which {@link #log()} also returns.
 */
public final class CudaCompileException extends RuntimeException {
  private final String log;

  CudaCompileException(String message, String log, Throwable cause) {
    super(log.isBlank() ? message : message + ":\n" + log.strip(), cause);
    this.log = log;
  }

  /** The compiler's output, possibly empty. */
  public String log() {
    return log;
  }
}
