package dev.kgen.codegen;

import dev.kgen.ir.DType;
import java.nio.ByteBuffer;

/** Element-by-element comparison of device results with the interpreter's. */
public final class Compare {
  private Compare() {}

  /**
   * Asserts that every element matches exactly (the same bits, or both NaN) or, with {@code
   * relTol > 0}, within {@code relTol * |expected| + absTol}. Names the first mismatches.
   */
  public static void elements(String what, DType d, ByteBuffer expected, ByteBuffer actual, double relTol, double absTol) {
    int n = expected.capacity() / d.bytes();
    StringBuilder bad = new StringBuilder();
    int mismatches = 0;
    for (int i = 0; i < n; i++) {
      double e = d.read(expected, i);
      double a = d.read(actual, i);
      boolean ok = Double.isNaN(e) ? Double.isNaN(a)
          : relTol > 0 ? Math.abs(e - a) <= relTol * Math.abs(e) + absTol || e == a
          : Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(a);
      if (!ok) {
        if (mismatches < 12) {
          bad.append("\n  [").append(i).append("] expected ").append(e).append(" got ").append(a);
        }
        mismatches++;
      }
    }
    if (mismatches > 0) {
      throw new AssertionError(what + ": " + mismatches + " of " + n + " " + d + " elements differ from the interpreter" + bad);
    }
  }
}
