package dev.kgen.runtime.opencl;

import java.util.List;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;

/**
 * Sets kernel arguments from Java values. The mapping, by Java type:
 *
 * <ol>
 *   <li>{@link OpenClBuffer} → a {@code __global} pointer ({@code cl_mem});
 *   <li>{@link Integer} → {@code int}/{@code uint}, {@link Long} → {@code long}/{@code ulong};
 *   <li>{@link Float} → {@code float}, {@link Double} → {@code double};
 *   <li>{@link Short} → {@code short}/{@code ushort}/{@code half} bits, {@link Byte} → {@code char}/{@code uchar}.
 * </ol>
 */
final class OpenClKernelArguments {
  private OpenClKernelArguments() {}

  static void set(OpenClRuntime runtime, OpenClKernel kernel, List<?> args) {
    cl_kernel handle = kernel.handle(); // a closed kernel fails first, whatever the arguments
    if (args == null) {
      throw new IllegalArgumentException("kernel '" + kernel.name() + "': args is null; pass List.of() for a kernel without parameters");
    }
    if (args.size() != kernel.argumentCount()) {
      throw new IllegalArgumentException(
          "kernel '" + kernel.name() + "' takes " + kernel.argumentCount() + " arguments but " + args.size() + " were given");
    }
    for (int i = 0; i < args.size(); i++) {
      Object arg = args.get(i);
      int index = i;
      long size;
      Pointer value;
      if (arg instanceof OpenClBuffer b) {
        if (b.owner() != runtime) {
          throw new IllegalArgumentException(
              describe(kernel, index, arg) + " belongs to a different OpenClRuntime; allocate it on the runtime that launches");
        }
        size = Sizeof.cl_mem;
        value = Pointer.to(b.handle());
      } else if (arg instanceof Integer v) {
        size = Sizeof.cl_int;
        value = Pointer.to(new int[] {v});
      } else if (arg instanceof Long v) {
        size = Sizeof.cl_long;
        value = Pointer.to(new long[] {v});
      } else if (arg instanceof Float v) {
        size = Sizeof.cl_float;
        value = Pointer.to(new float[] {v});
      } else if (arg instanceof Double v) {
        size = Sizeof.cl_double;
        value = Pointer.to(new double[] {v});
      } else if (arg instanceof Short v) {
        size = Sizeof.cl_short;
        value = Pointer.to(new short[] {v});
      } else if (arg instanceof Byte v) {
        size = Sizeof.cl_char;
        value = Pointer.to(new byte[] {v});
      } else {
        throw new IllegalArgumentException(
            describe(kernel, index, arg) + " has an unsupported type; expected OpenClBuffer, Integer, Long, Float, Double, Short or Byte");
      }
      int code = CL.clSetKernelArg(handle, index, size, value);
      if (code == CL.CL_INVALID_ARG_SIZE) {
        throw new OpenClException(
            "clSetKernelArg", code,
            "setting " + describe(kernel, index, arg) + " (" + size + " bytes): the parameter has a different size; "
                + "pass Integer for int, Long for long, Short for short/half, Byte for char");
      }
      OpenClCalls.check(code, "clSetKernelArg", () -> "setting " + describe(kernel, index, arg));
    }
  }

  private static String describe(OpenClKernel kernel, int index, Object arg) {
    String type = arg == null ? "null" : arg.getClass().getSimpleName();
    return "argument " + index + " (" + type + " " + arg + ") of kernel '" + kernel.name() + "'";
  }
}
