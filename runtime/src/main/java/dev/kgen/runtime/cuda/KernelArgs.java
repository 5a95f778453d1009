package dev.kgen.runtime.cuda;

import java.util.List;
import jcuda.NativePointerObject;
import jcuda.Pointer;

/**
 * Builds {@code cuLaunchKernel}'s {@code kernelParams}: an array holding, for each argument, a
 * pointer to host memory that holds the argument's value. A buffer's value is its device
 * address; boxed numbers become one-element arrays of their exact C width.
 */
final class KernelArgs {
  static final String ACCEPTED = "CudaBuffer, Integer, Long, Float, Double, Short or Byte";

  private KernelArgs() {}

  static Pointer pack(String kernel, List<?> args) {
    NativePointerObject[] slots = new NativePointerObject[args.size()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = slot(kernel, i, args.get(i));
    }
    return Pointer.to(slots);
  }

  private static Pointer slot(String kernel, int index, Object arg) {
    if (arg instanceof CudaBuffer b) {
      return Pointer.to(b.pointer("argument " + index + " of kernel '" + kernel + "'"));
    } else if (arg instanceof Integer v) {
      return Pointer.to(new int[] {v});
    } else if (arg instanceof Long v) {
      return Pointer.to(new long[] {v});
    } else if (arg instanceof Float v) {
      return Pointer.to(new float[] {v});
    } else if (arg instanceof Double v) {
      return Pointer.to(new double[] {v});
    } else if (arg instanceof Short v) {
      return Pointer.to(new short[] {v});
    } else if (arg instanceof Byte v) {
      return Pointer.to(new byte[] {v});
    }
    String got = arg == null ? "null" : arg.getClass().getName() + " (" + arg + ")";
    throw new IllegalArgumentException(
        "argument " + index + " of kernel '" + kernel + "' is " + got + ": expected " + ACCEPTED);
  }
}
