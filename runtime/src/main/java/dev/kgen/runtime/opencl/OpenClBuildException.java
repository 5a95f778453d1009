package dev.kgen.runtime.opencl;

/**
 * The OpenCL C compiler rejected a program. The message ends with the compiler's build log, which
 * {@link #buildLog()} also returns on its own.
 */
public final class OpenClBuildException extends OpenClException {
  private static final long serialVersionUID = 1L;

  private final String buildLog;

  OpenClBuildException(String call, int errorCode, String doing, String buildLog) {
    super(call, errorCode, doing + "; build log:\n" + (buildLog.isBlank() ? "(the compiler left no build log)" : buildLog));
    this.buildLog = buildLog;
  }

  /** The compiler's log for the device, possibly empty. */
  public String buildLog() {
    return buildLog;
  }
}
