package dev.kgen.examples.softmax;

import dev.kgen.launch.ElementType;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The problem the softmax examples solve: a softmax over each of the rows of a matrix, rows
 * {@code stride} elements apart with padding after each row, in float64 for reference. The
 * output starts as NaN everywhere, so {@link #check} also catches an element the kernel never
 * wrote and padding it should not have written. Independent of kgen's DSL.
 */
public final class SoftmaxRows {
  private static final int PADDING = 8;

  private final int rows;
  private final int cols;
  private final ElementType dtype;
  private final ByteBuffer input;

  private SoftmaxRows(int rows, int cols, ElementType dtype, ByteBuffer input) {
    this.rows = rows;
    this.cols = cols;
    this.dtype = dtype;
    this.input = input;
  }

  /** {@code rows x cols} values ~ N(0, 2^2) in {@code dtype}, from {@code seed}. */
  public static SoftmaxRows generate(int rows, int cols, ElementType dtype, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    ByteBuffer in = dtype.allocate(rows * (cols + PADDING));
    for (int i = 0; i < rows * (cols + PADDING); i++) {
      dtype.write(in, i, rnd.nextGaussian() * 2);
    }
    return new SoftmaxRows(rows, cols, dtype, in);
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** Elements from one row to the next. */
  public long stride() {
    return cols + PADDING;
  }

  public ElementType dtype() {
    return dtype;
  }

  /** The input's bytes. */
  public ByteBuffer input() {
    return input.duplicate().order(input.order());
  }

  /** An output buffer of the input's layout, every element NaN. */
  public ByteBuffer poisonedOutput() {
    return dtype.allocate((int) (rows * stride()), Double.NaN);
  }

  /** The smallest power of two that holds a row: the kernel's BLOCK_N. */
  public int blockN() {
    return Integer.highestOneBit(cols) == cols ? cols : Integer.highestOneBit(cols) << 1;
  }

  /** The error a correct kernel stays under: the output type's rounding plus fp32 math. */
  public double tolerance() {
    return dtype == ElementType.FP32 ? 1e-5 : dtype == ElementType.FP16 ? 2e-3 : 1.6e-2;
  }

  /**
   * The largest error of {@code output} relative to its row's largest value; throws when it is
   * above the tolerance, when an element was not written or when padding was.
   */
  public double check(ByteBuffer output, PrintStream out) {
    double worst = 0;
    for (int r = 0; r < rows; r++) {
      double[] ref = referenceRow(r);
      double scale = 0;
      for (double v : ref) {
        scale = Math.max(scale, v);
      }
      for (int c = 0; c < stride(); c++) {
        double v = dtype.read(output, r * stride() + c);
        if (c >= cols) {
          if (!Double.isNaN(v)) {
            throw new IllegalStateException("softmax wrote row " + r + " padding column " + c + ": " + v);
          }
        } else if (Double.isNaN(v)) {
          throw new IllegalStateException("softmax left row " + r + " column " + c + " unwritten (still NaN)");
        } else {
          worst = Math.max(worst, Math.abs(v - ref[c]) / scale);
        }
      }
    }
    out.printf("%d rows of %d %s: largest error %.2e of the row maximum (tolerance %.1e)%n", rows, cols, dtype, worst,
        tolerance());
    if (!(worst <= tolerance())) {
      throw new IllegalStateException("softmax output is wrong: error " + worst + " > " + tolerance());
    }
    return worst;
  }

  private double[] referenceRow(int r) {
    double[] e = new double[cols];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < cols; c++) {
      e[c] = dtype.read(input, r * stride() + c);
      max = Math.max(max, e[c]);
    }
    double sum = 0;
    for (int c = 0; c < cols; c++) {
      e[c] = Math.exp(e[c] - max);
      sum += e[c];
    }
    for (int c = 0; c < cols; c++) {
      e[c] /= sum;
    }
    return e;
  }
}
