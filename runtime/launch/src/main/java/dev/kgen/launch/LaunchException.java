package dev.kgen.launch;

/**
 * A device refused what was asked of it: no device found, a kernel source missing from the
 * class path or rejected by the device compiler, an allocation or launch failed. The message
 * names the call, what was wrong and, where there is one, the fix.
 */
public class LaunchException extends RuntimeException {
  public LaunchException(String message) {
    super(message);
  }

  public LaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
