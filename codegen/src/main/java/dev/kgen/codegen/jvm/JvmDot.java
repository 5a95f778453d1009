package dev.kgen.codegen.jvm;

import java.util.Arrays;

/**
 * The matrix product that generated kernels call for {@code dot}: {@code [M,K] x [K,N]} into a
 * {@code double[M*N]}, each output element the sum of its products in increasing k starting
 * from 0.0, exactly as the interpreter computes it. Products and sums are double, so products
 * of fp32, bf16, fp16 and fp8 elements are exact.
 *
 * <p>One shared method rather than loops in every generated class: HotSpot compiles it once,
 * early, for every specialization of every kernel, instead of once per class after each has
 * run long enough.
 *
 * <p>Rows of {@code a} that are all zeros are not multiplied: each of their products is a zero
 * wherever {@code b} is finite, and then their sums are exactly +0.0. Tile kernels pad their
 * rows to a power of two and load the padding as zeros (decode attention pads 1 to 8 query
 * heads to 16), so this skips most of their work without changing a bit. Where {@code b}'s
 * column is finite is read off a computed row whose {@code a} elements are all finite (its
 * sum is finite exactly where the column is, short of overflow, which only costs the exact
 * loop); without such a row {@code b} is scanned.
 *
 * <p>The rest is computed in blocks of two rows by four columns held in locals, so each k step
 * loads every operand element once and never reloads or stores an accumulator. (HotSpot 17
 * does not vectorize {@code out[i*N + j] += a * b[k*N + j]}, since it cannot tell the two
 * arrays apart; the blocked form is about twice as fast.) With the Vector API present,
 * {@link #product} computes whole vectors of columns instead (see {@link #VECTOR}); generated
 * kernels store a tile that {@code dot} reads transposed column-major, so its transpose is a
 * row-major {@code b} and they call {@link #product}.
 */
public final class JvmDot {
  private JvmDot() {}

  /**
   * Whether the JVM runs with {@code --add-modules jdk.incubator.vector} ({@code ./kgen} does);
   * then {@link #product} computes whole vectors of columns with {@link JvmDotVector} (about four
   * times as fast with AVX-512), else every column with the scalar loops below.
   */
  static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !Boolean.getBoolean("kgen.jvm.scalarDot") && JvmDotVector.pays();

  /** {@code out[i*n + j] = sum over p < k of a[i*k + p] * b[p*n + j]}, for i < m and j < n. */
  public static void product(double[] a, double[] b, double[] out, int m, int k, int n) {
    multiply(a, b, false, VECTOR, out, m, k, n);
  }

  /** {@link #product} with the vector loops ({@code vector}, needs {@link #VECTOR}) or only the scalar ones; for tests. */
  static void product(double[] a, double[] b, double[] out, int m, int k, int n, boolean vector) {
    multiply(a, b, false, vector, out, m, k, n);
  }

  /**
   * The product of {@code a} and {@code b} ({@code [K,N]} row-major, or {@code [N,K]} when
   * {@code transposed}): rows of zeros skipped, the others computed two at a time.
   */
  private static void multiply(double[] a, double[] b, boolean transposed, boolean vector, double[] out, int m, int k,
      int n) {
    int zeroRows = 0;
    long zeroMask = 0; // rows 0 to 63; later rows are looked at again
    int pending = -1;
    int witness = -1;
    for (int i = 0; i < m; i++) {
      if (zeroRow(a, i * k, k)) {
        zeroRows++;
        zeroMask |= i < 64 ? 1L << i : 0;
        continue;
      }
      if (witness < 0 && allFinite(a, i * k, k)) {
        witness = i;
      }
      if (pending < 0) {
        pending = i;
      } else {
        if (transposed) {
          twoRowsT(a, b, out, pending, i, k, n);
        } else {
          twoRows(a, b, out, pending, i, k, n, vector ? JvmDotVector.twoRows(a, b, out, pending, i, k, n) : 0);
        }
        pending = -1;
      }
    }
    if (pending >= 0) {
      if (transposed) {
        oneRowT(a, b, out, pending, k, n);
      } else {
        oneRow(a, b, out, pending, k, n, vector ? JvmDotVector.oneRow(a, b, out, pending, k, n) : 0);
      }
    }
    if (zeroRows > 0) {
      zeroRows(a, b, transposed, out, m, k, n, witness, zeroMask);
    }
  }

  /** Fills the rows of zeros: +0.0 where b's column is finite, else the exact sum. */
  private static void zeroRows(double[] a, double[] b, boolean transposed, double[] out, int m, int k, int n, int witness,
      long zeroMask) {
    boolean bFinite = witness < 0 && allFinite(b, 0, k * n);
    boolean allColumnsFinite = witness < 0 ? bFinite : allFinite(out, witness * n, n);
    for (int i = 0; i < m; i++) {
      if (i < 64 ? (zeroMask >>> i & 1) == 0 : !zeroRow(a, i * k, k)) {
        continue;
      }
      if (allColumnsFinite) {
        Arrays.fill(out, i * n, i * n + n, 0.0);
        continue;
      }
      for (int j = 0; j < n; j++) {
        boolean columnFinite = witness < 0 ? bFinite : isFinite(out[witness * n + j]);
        out[i * n + j] = columnFinite ? 0.0 : transposed ? sumT(a, b, i, j, k) : sum(a, b, i, j, k, n);
      }
    }
  }

  private static boolean isFinite(double v) {
    return v - v == 0; // inf - inf and NaN - NaN are NaN
  }

  private static double sum(double[] a, double[] b, int i, int j, int k, int n) {
    double s = 0.0;
    for (int p = 0; p < k; p++) {
      s += a[i * k + p] * b[p * n + j];
    }
    return s;
  }

  private static boolean zeroRow(double[] a, int from, int length) {
    for (int p = from; p < from + length; p++) {
      if (a[p] != 0) {
        return false;
      }
    }
    return true;
  }

  /** No infinity and no NaN among {@code length} elements from {@code from}. */
  private static boolean allFinite(double[] x, int from, int length) {
    for (int p = from; p < from + length; p++) {
      if (!isFinite(x[p])) {
        return false;
      }
    }
    return true;
  }

  /** Rows {@code r0} and {@code r1} of the product, columns {@code from} on. */
  private static void twoRows(double[] a, double[] b, double[] out, int r0, int r1, int k, int n, int from) {
    int a0Row = r0 * k;
    int a1Row = r1 * k;
    int j = from;
    for (; j + 4 <= n; j += 4) {
      double s00 = 0.0;
      double s01 = 0.0;
      double s02 = 0.0;
      double s03 = 0.0;
      double s10 = 0.0;
      double s11 = 0.0;
      double s12 = 0.0;
      double s13 = 0.0;
      for (int p = 0, bRow = j; p < k; p++, bRow += n) {
        double a0 = a[a0Row + p];
        double a1 = a[a1Row + p];
        double b0 = b[bRow];
        double b1 = b[bRow + 1];
        double b2 = b[bRow + 2];
        double b3 = b[bRow + 3];
        s00 += a0 * b0;
        s01 += a0 * b1;
        s02 += a0 * b2;
        s03 += a0 * b3;
        s10 += a1 * b0;
        s11 += a1 * b1;
        s12 += a1 * b2;
        s13 += a1 * b3;
      }
      int o0 = r0 * n + j;
      int o1 = r1 * n + j;
      out[o0] = s00;
      out[o0 + 1] = s01;
      out[o0 + 2] = s02;
      out[o0 + 3] = s03;
      out[o1] = s10;
      out[o1 + 1] = s11;
      out[o1 + 2] = s12;
      out[o1 + 3] = s13;
    }
    for (; j < n; j++) {
      double s0 = 0.0;
      double s1 = 0.0;
      for (int p = 0, bRow = j; p < k; p++, bRow += n) {
        s0 += a[a0Row + p] * b[bRow];
        s1 += a[a1Row + p] * b[bRow];
      }
      out[r0 * n + j] = s0;
      out[r1 * n + j] = s1;
    }
  }

  /** Row {@code r} of the product, columns {@code from} on. */
  private static void oneRow(double[] a, double[] b, double[] out, int r, int k, int n, int from) {
    int aRow = r * k;
    int j = from;
    for (; j + 4 <= n; j += 4) {
      double s0 = 0.0;
      double s1 = 0.0;
      double s2 = 0.0;
      double s3 = 0.0;
      for (int p = 0, bRow = j; p < k; p++, bRow += n) {
        double x = a[aRow + p];
        s0 += x * b[bRow];
        s1 += x * b[bRow + 1];
        s2 += x * b[bRow + 2];
        s3 += x * b[bRow + 3];
      }
      int o = r * n + j;
      out[o] = s0;
      out[o + 1] = s1;
      out[o + 2] = s2;
      out[o + 3] = s3;
    }
    for (; j < n; j++) {
      double s = 0.0;
      for (int p = 0, bRow = j; p < k; p++, bRow += n) {
        s += a[aRow + p] * b[bRow];
      }
      out[r * n + j] = s;
    }
  }

  /**
   * {@code out[i*n + j] = sum over p < k of a[i*k + p] * bt[j*k + p]}: {@link #product} with
   * {@code b} given transposed ({@code bt} is {@code [N,K]} row-major), the same sums in the
   * same order, so the same bits. Both operands are read along their rows, and a kernel that
   * loads {@code b} transposed (attention's K and V tiles) needs no transposing copy.
   */
  public static void productTransposed(double[] a, double[] bt, double[] out, int m, int k, int n) {
    multiply(a, bt, true, false, out, m, k, n);
  }

  private static double sumT(double[] a, double[] bt, int i, int j, int k) {
    double s = 0.0;
    for (int p = 0; p < k; p++) {
      s += a[i * k + p] * bt[j * k + p];
    }
    return s;
  }

  private static void twoRowsT(double[] a, double[] bt, double[] out, int r0, int r1, int k, int n) {
    int a0Row = r0 * k;
    int a1Row = r1 * k;
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      int b0Row = j * k;
      int b1Row = b0Row + k;
      int b2Row = b1Row + k;
      int b3Row = b2Row + k;
      double s00 = 0.0;
      double s01 = 0.0;
      double s02 = 0.0;
      double s03 = 0.0;
      double s10 = 0.0;
      double s11 = 0.0;
      double s12 = 0.0;
      double s13 = 0.0;
      for (int p = 0; p < k; p++) {
        double a0 = a[a0Row + p];
        double a1 = a[a1Row + p];
        double b0 = bt[b0Row + p];
        double b1 = bt[b1Row + p];
        double b2 = bt[b2Row + p];
        double b3 = bt[b3Row + p];
        s00 += a0 * b0;
        s01 += a0 * b1;
        s02 += a0 * b2;
        s03 += a0 * b3;
        s10 += a1 * b0;
        s11 += a1 * b1;
        s12 += a1 * b2;
        s13 += a1 * b3;
      }
      int o0 = r0 * n + j;
      int o1 = r1 * n + j;
      out[o0] = s00;
      out[o0 + 1] = s01;
      out[o0 + 2] = s02;
      out[o0 + 3] = s03;
      out[o1] = s10;
      out[o1 + 1] = s11;
      out[o1 + 2] = s12;
      out[o1 + 3] = s13;
    }
    for (; j < n; j++) {
      int bRow = j * k;
      double s0 = 0.0;
      double s1 = 0.0;
      for (int p = 0; p < k; p++) {
        s0 += a[a0Row + p] * bt[bRow + p];
        s1 += a[a1Row + p] * bt[bRow + p];
      }
      out[r0 * n + j] = s0;
      out[r1 * n + j] = s1;
    }
  }

  private static void oneRowT(double[] a, double[] bt, double[] out, int r, int k, int n) {
    int aRow = r * k;
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      int b0Row = j * k;
      int b1Row = b0Row + k;
      int b2Row = b1Row + k;
      int b3Row = b2Row + k;
      double s0 = 0.0;
      double s1 = 0.0;
      double s2 = 0.0;
      double s3 = 0.0;
      for (int p = 0; p < k; p++) {
        double x = a[aRow + p];
        s0 += x * bt[b0Row + p];
        s1 += x * bt[b1Row + p];
        s2 += x * bt[b2Row + p];
        s3 += x * bt[b3Row + p];
      }
      int o = r * n + j;
      out[o] = s0;
      out[o + 1] = s1;
      out[o + 2] = s2;
      out[o + 3] = s3;
    }
    for (; j < n; j++) {
      int bRow = j * k;
      double s = 0.0;
      for (int p = 0; p < k; p++) {
        s += a[aRow + p] * bt[bRow + p];
      }
      out[r * n + j] = s;
    }
  }
}
