package dev.kgen.codegen.c;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The shortest decimal text that reads back as exactly the same float (or double), computed
 * from the exact binary value so the text does not depend on the JDK's {@code toString}.
 * Finite values only.
 */
public final class DecimalText {
  private DecimalText() {}

  /** e.g. {@code 0.5}, {@code 448.0}, {@code 1.0e-10}, {@code -0.0}. */
  public static String ofFloat(float f) {
    if (!Float.isFinite(f)) {
      throw new IllegalArgumentException("not finite: " + f);
    }
    if (f == 0) {
      return Float.floatToRawIntBits(f) < 0 ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(f);
    for (int p = 1; ; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (Float.parseFloat(r.toString()) == f) {
        return format(r);
      }
    }
  }

  /** The double counterpart of {@link #ofFloat}. */
  public static String ofDouble(double d) {
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("not finite: " + d);
    }
    if (d == 0) {
      return Double.doubleToRawLongBits(d) < 0 ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(d);
    for (int p = 1; ; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (Double.parseDouble(r.toString()) == d) {
        return format(r);
      }
    }
  }

  /** Plain notation for decimal exponents -4..9, else {@code d.ddde±x}; always with a point. */
  private static String format(BigDecimal r) {
    BigDecimal s = r.stripTrailingZeros();
    int exponent = s.precision() - s.scale() - 1;
    if (exponent >= -4 && exponent < 10) {
      String plain = s.toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    String digits = s.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits + ".0" : digits.charAt(0) + "." + digits.substring(1);
    return (s.signum() < 0 ? "-" : "") + mantissa + "e" + exponent;
  }
}
