package dev.kgen.codegen.jvm;

import dev.kgen.numeric.MiniFloat;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The run-time support that generated kernels call: conversions between doubles and the small
 * float formats, C-style integer division, and bounds-error messages. Every conversion returns
 * exactly what {@link MiniFloat} (and so the interpreter) returns, only faster: rounding works
 * on the bits of the double instead of scaling and calling {@code rint}.
 *
 * <p>Signatures use JDK types only, so compiling generated code needs nothing but this class.
 */
public final class JvmIntrinsics {
  /** The lock of every atomic add, in every kernel: see {@link #atomicAdd}. */
  private static final Object ATOMICS = new Object();

  private JvmIntrinsics() {}

  private static final double BF16_MAX = MiniFloat.BF16.maxFinite();
  private static final double F16_MAX = MiniFloat.FP16.maxFinite();
  private static final double E4M3_MAX = MiniFloat.FP8_E4M3.maxFinite();
  private static final double E5M2_MAX = MiniFloat.FP8_E5M2.maxFinite();

  private static final double[] F16_VALUES = decodeTable(MiniFloat.FP16, 1 << 16);
  private static final double[] E4M3_VALUES = decodeTable(MiniFloat.FP8_E4M3, 1 << 8);
  private static final double[] E5M2_VALUES = decodeTable(MiniFloat.FP8_E5M2, 1 << 8);

  private static double[] decodeTable(MiniFloat format, int size) {
    double[] t = new double[size];
    for (int bits = 0; bits < size; bits++) {
      t[bits] = format.decode(bits);
    }
    return t;
  }

  // ---- reading a heap buffer's array: one bounds-checked access instead of ByteBuffer's calls --

  private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * The array behind a writable heap buffer, whose element {@code i} is at byte
   * {@code arrayOffset() + i * size}; null for direct and read-only buffers, which generated code
   * reads through the buffer instead.
   */
  public static byte[] heapArray(ByteBuffer buffer) {
    return buffer != null && buffer.hasArray() ? buffer.array() : null;
  }

  public static int arrayBase(ByteBuffer buffer) {
    return buffer != null && buffer.hasArray() ? buffer.arrayOffset() : 0;
  }

  public static short shortAt(byte[] a, int position) {
    return (short) SHORTS.get(a, position);
  }

  public static int intAt(byte[] a, int position) {
    return (int) INTS.get(a, position);
  }

  public static long longAt(byte[] a, int position) {
    return (long) LONGS.get(a, position);
  }

  /**
   * Whether elements {@code row + lo} through {@code row + hi} lie in a buffer of {@code length}
   * elements, computed exactly: a sum that overflows is out of bounds.
   */
  public static boolean rowInBounds(long row, long lo, long hi, long length) {
    long first = row + lo;
    long last = row + hi;
    boolean overflow = ((row ^ first) & (lo ^ first)) < 0 || ((row ^ last) & (hi ^ last)) < 0;
    return !overflow && first >= 0 && last < length;
  }

  // ---- decoding: stored bits to values ----------------------------------------------------

  /** The value of bf16 bits: the high half of an fp32, so a shift decodes it exactly. */
  public static double bf16(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  public static double f16(short bits) {
    return F16_VALUES[bits & 0xffff];
  }

  public static double fp8e4m3(byte bits) {
    return E4M3_VALUES[bits & 0xff];
  }

  public static double fp8e5m2(byte bits) {
    return E5M2_VALUES[bits & 0xff];
  }

  // ---- rounding: doubles to the nearest value of a format ----------------------------------

  public static double roundBf16(double v) {
    return round(v, 7, -126, BF16_MAX, false);
  }

  /**
   * {@link #roundBf16(double)} of a float, which Java picks for fp32 operands: bf16 is the high
   * half of an fp32 with the same exponent range, so rounding the bits at bit 16, ties to even,
   * is the same rounding, subnormals and overflow to infinity included, in a few integer ops.
   */
  public static double roundBf16(float v) {
    return Float.intBitsToFloat(roundedBf16Bits(v));
  }

  public static double roundF16(double v) {
    return round(v, 10, -14, F16_MAX, false);
  }

  /** e4m3 "fn" has no infinity: overflow and infinities saturate to +-448, as MiniFloat does. */
  public static double roundFp8e4m3(double v) {
    return round(v, 3, -6, E4M3_MAX, true);
  }

  public static double roundFp8e5m2(double v) {
    return round(v, 2, -14, E5M2_MAX, false);
  }

  /**
   * Rounds to {@code mant} fraction bits, ties to even, with gradual underflow below
   * {@code 2^minExp}; magnitudes past {@code max} overflow to infinity or saturate.
   */
  private static double round(double v, int mant, int minExp, double max, boolean saturate) {
    long bits = Double.doubleToRawLongBits(v);
    int exp = (int) ((bits >>> 52) & 0x7ff) - 1023;
    if (exp == 1024) { // infinity or NaN
      return saturate && v == v ? Math.copySign(max, v) : v;
    }
    if (exp >= minExp) {
      int drop = 52 - mant;
      long lsb = (bits >>> drop) & 1;
      // adding half an ulp minus one, plus the kept lsb, rounds half to even; a carry out of
      // the fraction correctly bumps the exponent
      long r = (bits + (1L << (drop - 1)) - 1 + lsb) & -(1L << drop);
      double out = Double.longBitsToDouble(r);
      if (Math.abs(out) > max) {
        return Math.copySign(saturate ? max : Double.POSITIVE_INFINITY, v);
      }
      return out;
    }
    if (v == 0) {
      return v;
    }
    // below the smallest normal the spacing is fixed: 2^(minExp - mant); scaling is exact
    double quantum = Math.scalb(1.0, minExp - mant);
    return Math.copySign(Math.rint(Math.abs(v) / quantum) * quantum, v);
  }

  // ---- encoding: values to stored bits -----------------------------------------------------

  /** {@link #bf16Bits(double)} of a float. */
  public static short bf16Bits(float v) {
    if (v != v) {
      return (short) 0x7fc0;
    }
    return (short) (roundedBf16Bits(v) >>> 16);
  }

  /** The fp32 bits of the bf16 nearest {@code v}; NaN stays NaN. */
  private static int roundedBf16Bits(float v) {
    int bits = Float.floatToRawIntBits(v);
    if ((bits & 0x7f800000) == 0x7f800000) { // infinity or NaN: no rounding
      return bits;
    }
    return (bits + 0x7fff + ((bits >>> 16) & 1)) & 0xffff0000;
  }

  public static short bf16Bits(double v) {
    if (v != v) {
      return (short) 0x7fc0; // MiniFloat encodes every NaN as the positive quiet NaN
    }
    // a bf16 value is exactly a float whose low 16 bits are zero
    return (short) (Float.floatToRawIntBits((float) roundBf16(v)) >>> 16);
  }

  public static short f16Bits(double v) {
    if (v != v) {
      return (short) 0x7e00;
    }
    return (short) pack(roundF16(v), 5, 10, signBit(v, 15));
  }

  public static byte fp8e4m3Bits(double v) {
    if (v != v) {
      return (byte) 0x7f;
    }
    return (byte) pack(roundFp8e4m3(v), 4, 3, signBit(v, 7));
  }

  public static byte fp8e5m2Bits(double v) {
    if (v != v) {
      return (byte) 0x7e;
    }
    return (byte) pack(roundFp8e5m2(v), 5, 2, signBit(v, 7));
  }

  private static int signBit(double v, int position) {
    return Double.doubleToRawLongBits(v) < 0 ? 1 << position : 0;
  }

  /** The bits of {@code r}, a value of the format already (or infinity), like MiniFloat.encode. */
  private static int pack(double r, int expBits, int mant, int sign) {
    double a = Math.abs(r);
    int bias = (1 << (expBits - 1)) - 1;
    if (a == Double.POSITIVE_INFINITY) {
      return sign | (((1 << expBits) - 1) << mant);
    }
    if (a == 0) {
      return sign;
    }
    if (a < Math.scalb(1.0, 1 - bias)) {
      return sign | (int) (a * Math.scalb(1.0, bias - 1 + mant));
    }
    int exp = Math.getExponent(a);
    int fraction = (int) ((Double.doubleToRawLongBits(a) >>> (52 - mant)) & ((1 << mant) - 1));
    return sign | ((exp + bias) << mant) | fraction;
  }

  // ---- integers ------------------------------------------------------------------------

  /** Integer division truncating toward zero; division by zero gives 0, as in the interpreter. */
  public static int div(int a, int b) {
    return b == 0 ? 0 : a / b;
  }

  public static long div(long a, long b) {
    return b == 0 ? 0 : a / b;
  }

  /** Remainder with the sign of the dividend; by zero gives 0. */
  public static int rem(int a, int b) {
    return b == 0 ? 0 : a % b;
  }

  public static long rem(long a, long b) {
    return b == 0 ? 0 : a % b;
  }

  // ---- memory --------------------------------------------------------------------------

  /** How many elements of {@code bytes} bytes the buffer holds; 0 for null. */
  public static long elements(ByteBuffer buffer, int bytes) {
    return buffer == null ? 0 : buffer.capacity() / bytes;
  }

  /** The error for an access at {@code offset} that failed the bounds check, worded as the interpreter words it. */
  public static RuntimeException outOfBounds(String kernel, String op, String param, ByteBuffer buffer, long offset,
      String dtype, int bytes, int pid0, int pid1, int pid2) {
    if (buffer == null) {
      return new JvmKernelException(kernel + ": " + op + " through " + param + ", which was passed as null");
    }
    return new JvmKernelException(kernel + ": " + op + " out of bounds: " + param + "[" + offset + "] but the buffer holds "
        + elements(buffer, bytes) + " elements of " + dtype + " (program " + pid0 + "," + pid1 + "," + pid2 + ")");
  }

  /**
   * Adds {@code value} to the int at byte {@code position} of {@code buffer} and returns what it
   * held before. One lock serves all adds, so a program's stores before its add happen before
   * the loads of any program whose add comes after it (the order {@code Op.AtomicAdd} promises).
   */
  public static int atomicAdd(ByteBuffer buffer, int position, int value) {
    synchronized (ATOMICS) {
      int before = buffer.getInt(position);
      buffer.putInt(position, before + value);
      return before;
    }
  }
}
