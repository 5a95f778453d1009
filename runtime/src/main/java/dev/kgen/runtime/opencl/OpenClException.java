package dev.kgen.runtime.opencl;

import java.util.Optional;
import java.util.OptionalInt;
import org.jocl.CL;

/**
 * An OpenCL call failed, or OpenCL is not usable here. The message names the call, the CL error
 * name and what the runtime was doing, e.g. {@code clCreateBuffer failed with
 * CL_INVALID_BUFFER_SIZE (-61) while allocating 0 bytes on PoCL / cpu}.
 */
public class OpenClException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String call;
  private final Integer errorCode;

  /** A failure that did not come from one CL call, such as "no OpenCL device is installed". */
  public OpenClException(String message) {
    super(message);
    this.call = null;
    this.errorCode = null;
  }

  /** The CL function {@code call} returned {@code errorCode} while the runtime was {@code doing}. */
  public OpenClException(String call, int errorCode, String doing) {
    super(describe(call, errorCode, doing));
    this.call = call;
    this.errorCode = errorCode;
  }

  /** "clFoo failed with CL_BAR (-5) while doing"; shared with subclasses that add detail. */
  static String describe(String call, int errorCode, String doing) {
    return call + " failed with " + errorName(errorCode) + " (" + errorCode + ") while " + doing;
  }

  /** The CL name of an error code such as {@code CL_OUT_OF_RESOURCES}. */
  static String errorName(int errorCode) {
    try {
      return CL.stringFor_errorCode(errorCode);
    } catch (LinkageError e) {
      return "OpenCL error"; // JOCL could not load; the code still identifies the error
    }
  }

  /** The CL function that failed, when the failure came from one. */
  public Optional<String> call() {
    return Optional.ofNullable(call);
  }

  /** The CL error code, when the failure came from a CL call. */
  public OptionalInt errorCode() {
    return errorCode == null ? OptionalInt.empty() : OptionalInt.of(errorCode);
  }
}
