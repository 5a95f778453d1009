package dev.kgen.runtime.opencl;

import java.util.function.Supplier;
import org.jocl.CL;

/** Turns CL status codes into {@link OpenClException}s; the description is built only on failure. */
final class OpenClCalls {
  private OpenClCalls() {}

  /** Throws unless {@code code} is {@code CL_SUCCESS}; {@code doing} reads "allocating 64 bytes". */
  static void check(int code, String call, Supplier<String> doing) {
    if (code != CL.CL_SUCCESS) {
      throw new OpenClException(call, code, doing.get());
    }
  }
}
