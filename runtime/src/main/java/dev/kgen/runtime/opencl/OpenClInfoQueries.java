package dev.kgen.runtime.opencl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

/**
 * Reads {@code clGet*Info} values. Every query asks for the size first, so one reader serves
 * strings, {@code cl_uint}, {@code cl_ulong} and {@code size_t} alike.
 */
final class OpenClInfoQueries {
  private OpenClInfoQueries() {}

  /** One {@code clGet*Info} entry point: returns a CL status and fills {@code value}/{@code sizeRet}. */
  @FunctionalInterface
  private interface InfoCall {
    int get(long size, Pointer value, long[] sizeRet);
  }

  static String platformString(cl_platform_id platform, int param, String what) {
    return string(bytes((s, v, r) -> CL.clGetPlatformInfo(platform, param, s, v, r), "clGetPlatformInfo", what));
  }

  static String deviceString(cl_device_id device, int param, String what) {
    return string(bytes((s, v, r) -> CL.clGetDeviceInfo(device, param, s, v, r), "clGetDeviceInfo", what));
  }

  static long deviceNumber(cl_device_id device, int param, String what) {
    return number(bytes((s, v, r) -> CL.clGetDeviceInfo(device, param, s, v, r), "clGetDeviceInfo", what));
  }

  static String programString(cl_program program, int param, String what) {
    return string(bytes((s, v, r) -> CL.clGetProgramInfo(program, param, s, v, r), "clGetProgramInfo", what));
  }

  static String buildLog(cl_program program, cl_device_id device) {
    return string(
        bytes(
            (s, v, r) -> CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, s, v, r),
            "clGetProgramBuildInfo",
            "reading the build log"));
  }

  static long kernelNumber(cl_kernel kernel, int param, String what) {
    return number(bytes((s, v, r) -> CL.clGetKernelInfo(kernel, param, s, v, r), "clGetKernelInfo", what));
  }

  private static byte[] bytes(InfoCall call, String name, String what) {
    long[] size = new long[1];
    OpenClCalls.check(call.get(0, null, size), name, () -> "reading the size of " + what);
    byte[] value = new byte[Math.toIntExact(size[0])];
    if (value.length > 0) {
      OpenClCalls.check(call.get(value.length, Pointer.to(value), null), name, () -> "reading " + what);
    }
    return value;
  }

  /** A NUL-terminated C string, trimmed. */
  private static String string(byte[] value) {
    int end = 0;
    while (end < value.length && value[end] != 0) {
      end++;
    }
    return new String(value, 0, end, StandardCharsets.UTF_8).trim();
  }

  /** An unsigned integer of 1, 2, 4 or 8 bytes in the host's byte order. */
  private static long number(byte[] value) {
    ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.nativeOrder());
    switch (value.length) {
      case 1: return Byte.toUnsignedLong(b.get());
      case 2: return Short.toUnsignedLong(b.getShort());
      case 4: return Integer.toUnsignedLong(b.getInt());
      case 8: return b.getLong();
      default:
        throw new OpenClException("an OpenCL info query returned " + value.length + " bytes; expected a 1, 2, 4 or 8 byte number");
    }
  }
}
