package dev.kgen.codegen.jvm;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link JvmDot}'s row products a vector of output columns at a time, with the JDK's
 * {@code jdk.incubator.vector} (only loaded when the JVM runs with {@code --add-modules
 * jdk.incubator.vector}, see {@link JvmDot#VECTOR}).
 *
 * <p>Each lane is one output element and adds its products in increasing k with a separate
 * multiply and add, as the scalar loop does: the same sums in the same order, so the same bits.
 * Two rows by two vectors of columns are held in registers (16 columns with AVX-512), so each
 * k step loads two vectors of {@code b} and two elements of {@code a} for 32 products.
 */
final class JvmDotVector {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  private JvmDotVector() {}

  /** Whether the hardware has vectors of at least four doubles (else the API emulates them, slowly). */
  static boolean pays() {
    return LANES >= 4;
  }

  /**
   * Rows {@code r0} and {@code r1} of {@code a x b} ({@code b} row-major {@code [K,N]}) for the
   * leading columns that fill whole vectors; returns the first column left for the caller.
   */
  static int twoRows(double[] a, double[] b, double[] out, int r0, int r1, int k, int n) {
    int a0Row = r0 * k;
    int a1Row = r1 * k;
    int j = 0;
    for (; j + 2 * LANES <= n; j += 2 * LANES) {
      DoubleVector s00 = DoubleVector.zero(SPECIES);
      DoubleVector s01 = s00;
      DoubleVector s10 = s00;
      DoubleVector s11 = s00;
      for (int p = 0, bRow = j; p < k; p++, bRow += n) {
        DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bRow);
        DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bRow + LANES);
        DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[a0Row + p]);
        DoubleVector a1 = DoubleVector.broadcast(SPECIES, a[a1Row + p]);
        s00 = s00.add(a0.mul(b0));
        s01 = s01.add(a0.mul(b1));
        s10 = s10.add(a1.mul(b0));
        s11 = s11.add(a1.mul(b1));
      }
      s00.intoArray(out, r0 * n + j);
      s01.intoArray(out, r0 * n + j + LANES);
      s10.intoArray(out, r1 * n + j);
      s11.intoArray(out, r1 * n + j + LANES);
    }
    for (; j + LANES <= n; j += LANES) {
      DoubleVector s0 = DoubleVector.zero(SPECIES);
      DoubleVector s1 = s0;
      for (int p = 0, bRow = j; p < k; p++, bRow += n) {
        DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bRow);
        s0 = s0.add(DoubleVector.broadcast(SPECIES, a[a0Row + p]).mul(b0));
        s1 = s1.add(DoubleVector.broadcast(SPECIES, a[a1Row + p]).mul(b0));
      }
      s0.intoArray(out, r0 * n + j);
      s1.intoArray(out, r1 * n + j);
    }
    return j;
  }

  /** Row {@code r} of {@code a x b} for the leading columns that fill whole vectors; returns the first column left. */
  static int oneRow(double[] a, double[] b, double[] out, int r, int k, int n) {
    int aRow = r * k;
    int j = 0;
    for (; j + 2 * LANES <= n; j += 2 * LANES) {
      DoubleVector s0 = DoubleVector.zero(SPECIES);
      DoubleVector s1 = s0;
      for (int p = 0, bRow = j; p < k; p++, bRow += n) {
        DoubleVector x = DoubleVector.broadcast(SPECIES, a[aRow + p]);
        s0 = s0.add(x.mul(DoubleVector.fromArray(SPECIES, b, bRow)));
        s1 = s1.add(x.mul(DoubleVector.fromArray(SPECIES, b, bRow + LANES)));
      }
      s0.intoArray(out, r * n + j);
      s1.intoArray(out, r * n + j + LANES);
    }
    for (; j + LANES <= n; j += LANES) {
      DoubleVector s = DoubleVector.zero(SPECIES);
      for (int p = 0, bRow = j; p < k; p++, bRow += n) {
        s = s.add(DoubleVector.broadcast(SPECIES, a[aRow + p]).mul(DoubleVector.fromArray(SPECIES, b, bRow)));
      }
      s.intoArray(out, r * n + j);
    }
    return j;
  }
}
