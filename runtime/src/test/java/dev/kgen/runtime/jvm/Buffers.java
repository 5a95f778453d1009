package dev.kgen.runtime.jvm;

import dev.kgen.ir.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** Little-endian test buffers: random contents, NaN poison, copies and element comparison. */
final class Buffers {
  private Buffers() {}

  static ByteBuffer allocate(DType t, int elements) {
    return ByteBuffer.allocate(elements * t.bytes()).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Gaussian values of scale {@code scale}, rounded to {@code t}. */
  static ByteBuffer gaussian(DType t, int elements, double scale, Random r) {
    ByteBuffer b = allocate(t, elements);
    for (int i = 0; i < elements; i++) {
      t.write(b, i, r.nextGaussian() * scale);
    }
    return b;
  }

  static ByteBuffer ints(DType t, int[] values) {
    ByteBuffer b = allocate(t, values.length);
    for (int i = 0; i < values.length; i++) {
      t.write(b, i, values[i]);
    }
    return b;
  }

  /** Every element NaN (for float dtypes), so untouched elements can be told apart. */
  static ByteBuffer poisoned(DType t, int elements) {
    ByteBuffer b = allocate(t, elements);
    for (int i = 0; i < elements; i++) {
      t.write(b, i, Double.NaN);
    }
    return b;
  }

  static ByteBuffer copy(ByteBuffer b) {
    ByteBuffer c = ByteBuffer.allocate(b.capacity()).order(ByteOrder.LITTLE_ENDIAN);
    c.put(b.duplicate().clear());
    return c.clear();
  }

  /**
   * The first element where two buffers of {@code t} differ in bits (NaNs of any payload
   * count as equal), described, or null when they agree everywhere.
   */
  static String firstDifference(DType t, ByteBuffer expected, ByteBuffer actual) {
    int n = expected.capacity() / t.bytes();
    for (int i = 0; i < n; i++) {
      double e = t.read(expected, i);
      double a = t.read(actual, i);
      boolean same = Double.isNaN(e) ? Double.isNaN(a)
          : Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(a);
      if (!same) {
        return "element " + i + ": interpreter " + e + ", JVM " + a;
      }
    }
    return null;
  }
}
