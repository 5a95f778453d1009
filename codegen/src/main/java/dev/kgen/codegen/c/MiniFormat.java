package dev.kgen.codegen.c;

import dev.kgen.errors.KgenInternalError;
import dev.kgen.ir.DType;

/**
 * The bit layout of a small float format (fp16, bf16, fp8 e4m3/e5m2) and the constants its
 * conversion helpers print. e4m3 is the "fn" variant: no infinities, NaN is S.1111.111, and
 * rounding saturates at 448, as {@link dev.kgen.numeric.MiniFloat} defines it.
 */
public record MiniFormat(DType dtype, int expBits, int mantBits, boolean hasInfinity) {
  public static MiniFormat of(DType d) {
    switch (d) {
      case F16:
        return new MiniFormat(d, 5, 10, true);
      case BF16:
        return new MiniFormat(d, 8, 7, true);
      case FP8E5M2:
        return new MiniFormat(d, 5, 2, true);
      case FP8E4M3:
        return new MiniFormat(d, 4, 3, false);
      default:
        throw new KgenInternalError(d + " is not a small float format");
    }
  }

  public int bias() {
    return (1 << (expBits - 1)) - 1;
  }

  public int bits() {
    return 1 + expBits + mantBits;
  }

  public int expAll() {
    return (1 << expBits) - 1;
  }

  public int mantAll() {
    return (1 << mantBits) - 1;
  }

  /** The smallest exponent of a normal number, {@code 1 - bias}. */
  public int minExponent() {
    return 1 - bias();
  }

  public double maxFinite() {
    int maxExpField = hasInfinity ? expAll() - 1 : expAll();
    int maxMant = hasInfinity ? mantAll() : mantAll() - 1;
    return Math.scalb(1.0 + maxMant / (double) (1 << mantBits), maxExpField - bias());
  }

  public double minNormal() {
    return Math.scalb(1.0, minExponent());
  }

  /**
   * Magnitudes at or above this round to infinity (formats with infinities: the largest finite
   * value plus half its ulp) or saturate to the largest finite value (e4m3).
   */
  public double overflowThreshold() {
    if (!hasInfinity) {
      return maxFinite();
    }
    return maxFinite() + Math.scalb(1.0, Math.getExponent(maxFinite()) - mantBits - 1);
  }

  /** The value of the least significant mantissa bit of a subnormal, {@code 2^(1 - bias - mant)}. */
  public double subnormalUlp() {
    return Math.scalb(1.0, minExponent() - mantBits);
  }

  /** The canonical NaN's bit pattern, as the interpreter writes it (sign clear). */
  public int nanBits() {
    return hasInfinity ? (expAll() << mantBits) | (1 << (mantBits - 1)) : (expAll() << mantBits) | mantAll();
  }

  /** The bit pattern of +infinity; only for formats that have one. */
  public int infinityBits() {
    if (!hasInfinity) {
      throw new KgenInternalError(dtype + " has no infinity");
    }
    return expAll() << mantBits;
  }
}
