package dev.kgen.kernels.paged;

import dev.kgen.ir.DType;
import java.nio.ByteBuffer;

/**
 * {@link DType#read}/{@link DType#write} for the hot loops of generation and the reference:
 * 8- and 16-bit floats decode through a table (a 65536-entry table replaces a scalb per
 * element), and bf16 encodes exactly-float values with the round-to-nearest-even bit trick.
 * Results are bit-identical to {@link DType}'s.
 */
final class ElementCodec {
  private ElementCodec() {}

  static double read(DType dtype, ByteBuffer buf, long index) {
    switch (dtype) {
      case BF16:
        return Tables.BF16[buf.getShort(Math.toIntExact(index * 2)) & 0xffff];
      case F16:
        return Tables.F16[buf.getShort(Math.toIntExact(index * 2)) & 0xffff];
      case FP8E4M3:
        return Tables.E4M3[buf.get(Math.toIntExact(index)) & 0xff];
      case FP8E5M2:
        return Tables.E5M2[buf.get(Math.toIntExact(index)) & 0xff];
      default:
        return dtype.read(buf, index);
    }
  }

  static void write(DType dtype, ByteBuffer buf, long index, double v) {
    if (dtype == DType.BF16 && (double) (float) v == v && !Double.isNaN(v)) {
      // bf16 is the top half of an f32: round the low 16 bits to nearest, ties to even
      int bits = Float.floatToRawIntBits((float) v);
      int rounded = (bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16;
      buf.putShort(Math.toIntExact(index * 2), (short) rounded);
      return;
    }
    dtype.write(buf, index, v);
  }

  /** Decode tables, built on first use. */
  private static final class Tables {
    static final double[] BF16 = table(DType.BF16, 1 << 16);
    static final double[] F16 = table(DType.F16, 1 << 16);
    static final double[] E4M3 = table(DType.FP8E4M3, 1 << 8);
    static final double[] E5M2 = table(DType.FP8E5M2, 1 << 8);

    private static double[] table(DType dtype, int n) {
      double[] t = new double[n];
      for (int bits = 0; bits < n; bits++) {
        t[bits] = dtype.format().decode(bits);
      }
      return t;
    }
  }
}
