package dev.kgen.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link JvmDot#product} and {@link JvmDot#productTransposed} return the interpreter's sums bit for bit, zero rows and non-finite operands included. */
class JvmDotTest {
  /** The interpreter's loops: each sum in increasing k from 0. */
  private static double[] naive(double[] a, double[] b, int m, int k, int n) {
    double[] r = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += a[i * k + p] * b[p * n + j];
        }
        r[i * n + j] = s;
      }
    }
    return r;
  }

  private static void assertSameBits(double[] expected, double[] actual, String context) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
          context + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
    }
  }

  @ParameterizedTest(name = "[{0},{1}]x[{1},{2}] special {3}")
  @CsvSource({"1, 1, 1, none", "16, 128, 32, none", "16, 32, 128, none", "5, 7, 9, none", "3, 1, 6, none",
      "16, 64, 16, inf", "16, 64, 16, nan", "4, 8, 6, negzero", "7, 5, 3, inf", "16, 32, 8, overflow",
      "6, 4, 8, ainf", "70, 3, 5, inf", "70, 3, 5, none", "16, 16, 128, nan", "5, 32, 40, none", "4, 9, 24, inf"})
  void matchesTheInterpretersSums(int m, int k, int n, String special) {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    double[] a = new double[m * k];
    double[] b = new double[k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < m; i += 2) { // every other row is padding: zeros
      for (int p = 0; p < k; p++) {
        a[i * k + p] = special.equals("negzero") && p % 2 == 0 ? -0.0 : 0.0;
      }
    }
    if (special.equals("overflow")) { // a finite column whose computed sums overflow
      b[0] = 1e300;
      a[k] = 1e300;
    } else if (special.equals("ainf")) { // the first computed row cannot tell where b is finite
      a[k] = Double.POSITIVE_INFINITY;
      b[r.nextInt(b.length)] = Double.NaN;
    }
    if (special.equals("inf")) {
      b[r.nextInt(b.length)] = Double.NEGATIVE_INFINITY;
    } else if (special.equals("nan")) {
      b[r.nextInt(b.length)] = Double.NaN;
    }
    double[] out = new double[m * n];
    Arrays.fill(out, 42.0);
    JvmDot.product(a, b, out, m, k, n, false);
    double[] expected = naive(a, b, m, k, n);
    assertSameBits(expected, out, "scalar, seed " + seed);
    assertTrue(JvmDot.VECTOR, "the tests run with --add-modules jdk.incubator.vector (see the parent pom)");
    Arrays.fill(out, 42.0);
    JvmDot.product(a, b, out, m, k, n);
    assertSameBits(expected, out, "vector, seed " + seed);
    double[] bt = new double[n * k];
    for (int p = 0; p < k; p++) {
      for (int j = 0; j < n; j++) {
        bt[j * k + p] = b[p * n + j];
      }
    }
    Arrays.fill(out, 42.0);
    JvmDot.productTransposed(a, bt, out, m, k, n);
    assertSameBits(expected, out, "productTransposed, seed " + seed);
  }
}
