package dev.kgen.launch;

import java.util.function.Supplier;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

/** Checked OpenCL calls: a failing status becomes a {@link LaunchException} naming the call and what it did. */
final class OpenClCalls {
  private OpenClCalls() {}

  static void check(int status, String call, Supplier<String> doing) {
    if (status != CL.CL_SUCCESS) {
      throw new LaunchException(call + " failed with " + CL.stringFor_errorCode(status) + " while " + doing.get());
    }
  }

  interface InfoCall {
    int get(long size, Pointer value, long[] sizeReturned);
  }

  static byte[] info(InfoCall call, String name, String what) {
    long[] size = new long[1];
    check(call.get(0, null, size), name, () -> "reading the size of " + what);
    byte[] value = new byte[(int) size[0]];
    if (value.length > 0) {
      check(call.get(value.length, Pointer.to(value), null), name, () -> "reading " + what);
    }
    return value;
  }

  static String text(byte[] bytes) {
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8).trim();
  }

  static String platformString(cl_platform_id p, int param, String what) {
    return text(info((s, v, r) -> CL.clGetPlatformInfo(p, param, s, v, r), "clGetPlatformInfo", what));
  }

  static String deviceString(cl_device_id d, int param, String what) {
    return text(info((s, v, r) -> CL.clGetDeviceInfo(d, param, s, v, r), "clGetDeviceInfo", what));
  }

  /** A size_t or cl_ulong device property. */
  static long deviceNumber(cl_device_id d, int param, String what) {
    byte[] b = info((s, v, r) -> CL.clGetDeviceInfo(d, param, s, v, r), "clGetDeviceInfo", what);
    long v = 0;
    for (int i = Math.min(b.length, 8) - 1; i >= 0; i--) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }

  static String buildLog(cl_program program, cl_device_id device) {
    try {
      return text(info((s, v, r) -> CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, s, v, r),
          "clGetProgramBuildInfo", "the build log"));
    } catch (LaunchException e) {
      return "(no build log: " + e.getMessage() + ")";
    }
  }

  static long sizeT() {
    return Sizeof.size_t;
  }
}
