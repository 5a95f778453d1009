package dev.kgen.launch;

/**
 * A binary floating-point format narrower than fp32 (fp16, bf16, fp8 e4m3fn and e5m2), encoded
 * from a double with one rounding to nearest, ties to even. Formats with infinities overflow to
 * infinity as IEEE half does; e4m3fn, which has none, saturates to 448 as PyTorch's
 * {@code float8_e4m3fn} conversion does.
 */
final class SmallFloat {
  static final SmallFloat FP16 = new SmallFloat(5, 10, true);
  static final SmallFloat BF16 = new SmallFloat(8, 7, true);
  static final SmallFloat FP8_E5M2 = new SmallFloat(5, 2, true);
  static final SmallFloat FP8_E4M3 = new SmallFloat(4, 3, false);

  private final int expBits;
  private final int mantBits;
  private final int bias;
  private final boolean hasInfinity;
  private final int expMask;
  private final double maxFinite;
  private final double minNormal;

  private SmallFloat(int expBits, int mantBits, boolean hasInfinity) {
    this.expBits = expBits;
    this.mantBits = mantBits;
    this.bias = (1 << (expBits - 1)) - 1;
    this.hasInfinity = hasInfinity;
    this.expMask = (1 << expBits) - 1;
    // e4m3fn spends only the all-ones pattern on NaN, so its top exponent holds finite values
    int maxExp = hasInfinity ? expMask - 1 : expMask;
    int maxMant = hasInfinity ? (1 << mantBits) - 1 : (1 << mantBits) - 2;
    this.maxFinite = Math.scalb(1.0 + maxMant / (double) (1 << mantBits), maxExp - bias);
    this.minNormal = Math.scalb(1.0, 1 - bias);
  }

  private int signBit() {
    return 1 << (expBits + mantBits);
  }

  double decode(int bits) {
    boolean negative = (bits & signBit()) != 0;
    int exp = (bits >>> mantBits) & expMask;
    int mant = bits & ((1 << mantBits) - 1);
    double v;
    if (hasInfinity && exp == expMask) {
      v = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    } else if (!hasInfinity && exp == expMask && mant == (1 << mantBits) - 1) {
      v = Double.NaN;
    } else if (exp == 0) {
      v = Math.scalb((double) mant, 1 - bias - mantBits);
    } else {
      v = Math.scalb(1.0 + mant / (double) (1 << mantBits), exp - bias);
    }
    return negative ? -v : v;
  }

  int encode(double value) {
    if (Double.isNaN(value)) {
      int quietNan = hasInfinity ? 1 << (mantBits - 1) : (1 << mantBits) - 1;
      return (expMask << mantBits) | quietNan;
    }
    int sign = Double.doubleToRawLongBits(value) < 0 ? signBit() : 0;
    double a = Math.abs(value);
    double r;
    if (Double.isInfinite(a)) {
      r = a;
    } else {
      // one rounding: scale so the format's last mantissa bit is the units digit, rint (ties to even)
      int exp = Math.max(Math.getExponent(a), 1 - bias);
      double ulp = Math.scalb(1.0, exp - mantBits);
      r = Math.rint(a / ulp) * ulp;
    }
    if (r > maxFinite) {
      if (hasInfinity) {
        return sign | (expMask << mantBits);
      }
      r = maxFinite;
    }
    if (r == 0) {
      return sign;
    }
    if (r < minNormal) {
      return sign | (int) Math.scalb(r, bias - 1 + mantBits);
    }
    int exp = Math.getExponent(r);
    int mant = (int) ((Math.scalb(r, -exp) - 1.0) * (1 << mantBits));
    return sign | ((exp + bias) << mantBits) | mant;
  }
}
