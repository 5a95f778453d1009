package dev.kgen.numeric;

/**
 * A small binary floating-point format (fp16, bf16, fp8 e4m3/e5m2) described by its bit
 * widths, with exact decoding and round-to-nearest-even encoding.
 *
 * <p>Encoding saturates to the largest finite value for formats without infinities
 * (e4m3 "fn"), like PyTorch's {@code float8_e4m3fn}; formats with infinities overflow to
 * infinity, like IEEE half precision.
 */
public final class MiniFloat {
  public static final MiniFloat FP16 = new MiniFloat("fp16", 5, 10, true);
  public static final MiniFloat BF16 = new MiniFloat("bf16", 8, 7, true);
  public static final MiniFloat FP8_E5M2 = new MiniFloat("fp8e5m2", 5, 2, true);
  /** e4m3 "fn": no infinities, NaN is S.1111.111, the largest finite value is 448. */
  public static final MiniFloat FP8_E4M3 = new MiniFloat("fp8e4m3", 4, 3, false);

  private final String name;
  private final int expBits;
  private final int mantBits;
  private final int bias;
  private final boolean hasInfinity;
  private final double maxFinite;
  private final double minNormal;

  private MiniFloat(String name, int expBits, int mantBits, boolean hasInfinity) {
    this.name = name;
    this.expBits = expBits;
    this.mantBits = mantBits;
    this.bias = (1 << (expBits - 1)) - 1;
    this.hasInfinity = hasInfinity;
    int maxExpField = hasInfinity ? (1 << expBits) - 2 : (1 << expBits) - 1;
    int maxMant = hasInfinity ? (1 << mantBits) - 1 : (1 << mantBits) - 2;
    this.maxFinite = Math.scalb(1.0 + maxMant / (double) (1 << mantBits), maxExpField - bias);
    this.minNormal = Math.scalb(1.0, 1 - bias);
  }

  public String name() {
    return name;
  }

  public int bits() {
    return 1 + expBits + mantBits;
  }

  public double maxFinite() {
    return maxFinite;
  }

  /** The value of the bit pattern {@code bits} (the low {@link #bits()} bits are used). */
  public double decode(int bits) {
    int sign = (bits >>> (expBits + mantBits)) & 1;
    int exp = (bits >>> mantBits) & ((1 << expBits) - 1);
    int mant = bits & ((1 << mantBits) - 1);
    double value;
    int expAll = (1 << expBits) - 1;
    if (hasInfinity && exp == expAll) {
      value = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    } else if (!hasInfinity && exp == expAll && mant == (1 << mantBits) - 1) {
      value = Double.NaN;
    } else if (exp == 0) {
      value = Math.scalb((double) mant, 1 - bias - mantBits);
    } else {
      value = Math.scalb(1.0 + mant / (double) (1 << mantBits), exp - bias);
    }
    return sign == 1 ? -value : value;
  }

  /** The nearest representable value's bit pattern (ties to even). */
  public int encode(double value) {
    int signBit = (Double.doubleToRawLongBits(value) < 0) ? 1 << (expBits + mantBits) : 0;
    double a = Math.abs(value);
    int expAll = (1 << expBits) - 1;
    if (Double.isNaN(value)) {
      return hasInfinity ? (expAll << mantBits) | (1 << (mantBits - 1)) : (expAll << mantBits) | ((1 << mantBits) - 1);
    }
    double rounded = round(a);
    if (rounded > maxFinite) {
      if (hasInfinity) {
        return signBit | (expAll << mantBits);
      }
      rounded = maxFinite;
    }
    if (rounded == 0) {
      return signBit;
    }
    if (rounded < minNormal) {
      int mant = (int) Math.round(Math.scalb(rounded, bias - 1 + mantBits));
      return signBit | mant;
    }
    int exp = Math.getExponent(rounded);
    int mant = (int) Math.round((Math.scalb(rounded, -exp) - 1.0) * (1 << mantBits));
    return signBit | ((exp + bias) << mantBits) | mant;
  }

  /**
   * {@code value} rounded to this format (ties to even), as a double. Magnitudes above the
   * largest finite value become infinity (or saturate, for formats without infinity).
   */
  public double round(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return hasInfinity || Double.isNaN(value) ? value : Math.copySign(maxFinite, value);
    }
    double a = Math.abs(value);
    if (a == 0) {
      return value;
    }
    int exp = Math.max(Math.getExponent(a), 1 - bias);
    double ulp = Math.scalb(1.0, exp - mantBits);
    double r = Math.rint(a / ulp) * ulp; // rint rounds half to even
    // the overflow threshold is half an ulp above the largest finite value
    if (r > maxFinite) {
      double half = Math.scalb(1.0, Math.getExponent(maxFinite) - mantBits - 1);
      if (hasInfinity) {
        r = a >= maxFinite + half ? Double.POSITIVE_INFINITY : maxFinite;
      } else {
        r = maxFinite;
      }
    }
    return Math.copySign(r, value);
  }

  @Override
  public String toString() {
    return name;
  }
}
