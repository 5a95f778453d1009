package dev.kgen.kernels.norm;

import dev.kgen.ir.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fresh random inputs for the row kernels ({@link SoftmaxKernel}, {@link RmsNormKernel}), their
 * launch arguments, a float64 reference and the comparison. Rows are padded ({@code rowStride >
 * nCols}) so a kernel that writes past a row's end is caught.
 */
public final class RowProblem {
  public static final double EPS = 1e-6;

  private final int rows;
  private final int nCols;
  private final int rowStride;
  private final DType dtype;
  private final ByteBuffer input;
  private final ByteBuffer weight;

  public RowProblem(int rows, int nCols, DType dtype, long seed) {
    if (rows < 1 || nCols < 1) {
      throw new IllegalArgumentException("rows (" + rows + ") and n_cols (" + nCols + ") must be >= 1");
    }
    this.rows = rows;
    this.nCols = nCols;
    this.rowStride = nCols + 3;
    this.dtype = dtype;
    SplittableRandom rnd = new SplittableRandom(seed);
    this.input = allocate(rows * rowStride);
    for (int i = 0; i < rows * rowStride; i++) {
      dtype.write(input, i, rnd.nextGaussian() * 2);
    }
    this.weight = allocate(nCols);
    for (int i = 0; i < nCols; i++) {
      dtype.write(weight, i, 0.5 + rnd.nextDouble());
    }
  }

  private ByteBuffer allocate(int elements) {
    return ByteBuffer.allocate(elements * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
  }

  public int rows() {
    return rows;
  }

  public int blockN() {
    return Integer.highestOneBit(nCols) == nCols ? nCols : Integer.highestOneBit(nCols) << 1;
  }

  public int[] grid() {
    return new int[] {rows, 1, 1};
  }

  public Map<String, Object> constexprs() {
    return Map.of("DTYPE", dtype, "BLOCK_N", blockN());
  }

  public ByteBuffer input() {
    return input;
  }

  public ByteBuffer weight() {
    return weight;
  }

  /** An output buffer with every element, padding included, set to NaN. */
  public ByteBuffer poisonedOutput() {
    ByteBuffer out = allocate(rows * rowStride);
    for (int i = 0; i < rows * rowStride; i++) {
      dtype.write(out, i, Double.NaN);
    }
    return out;
  }

  public List<Object> softmaxArgs(ByteBuffer out) {
    return List.of(out, input, nCols, (long) rowStride, (long) rowStride);
  }

  public List<Object> rmsNormArgs(ByteBuffer out) {
    return List.of(out, input, weight, nCols, (float) EPS, (long) rowStride, (long) rowStride);
  }

  private double in(int r, int c) {
    return dtype.read(input, (long) r * rowStride + c);
  }

  public double[][] softmaxReference() {
    double[][] ref = new double[rows][nCols];
    for (int r = 0; r < rows; r++) {
      double m = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < nCols; c++) {
        m = Math.max(m, in(r, c));
      }
      double s = 0;
      for (int c = 0; c < nCols; c++) {
        ref[r][c] = Math.exp(in(r, c) - m);
        s += ref[r][c];
      }
      for (int c = 0; c < nCols; c++) {
        ref[r][c] /= s;
      }
    }
    return ref;
  }

  public double[][] rmsNormReference() {
    double[][] ref = new double[rows][nCols];
    for (int r = 0; r < rows; r++) {
      double ss = 0;
      for (int c = 0; c < nCols; c++) {
        ss += in(r, c) * in(r, c);
      }
      double rstd = 1 / Math.sqrt(ss / nCols + EPS);
      for (int c = 0; c < nCols; c++) {
        ref[r][c] = in(r, c) * rstd * dtype.read(weight, c);
      }
    }
    return ref;
  }

  /**
   * The largest error relative to the row's largest magnitude; throws if padding was written
   * or an element was left unwritten (NaN).
   */
  public double maxError(double[][] reference, ByteBuffer out) {
    double worst = 0;
    for (int r = 0; r < rows; r++) {
      double scale = 0;
      for (int c = 0; c < nCols; c++) {
        scale = Math.max(scale, Math.abs(reference[r][c]));
      }
      for (int c = 0; c < rowStride; c++) {
        double v = dtype.read(out, (long) r * rowStride + c);
        if (c >= nCols) {
          if (!Double.isNaN(v)) {
            throw new AssertionError("row " + r + " padding column " + c + " was written: " + v);
          }
          continue;
        }
        if (Double.isNaN(v)) {
          throw new AssertionError("row " + r + " column " + c + " was not written (still NaN)");
        }
        worst = Math.max(worst, Math.abs(v - reference[r][c]) / Math.max(scale, 1e-30));
      }
    }
    return worst;
  }

  /** The error a correct kernel stays under: the output dtype's rounding plus fp32 math. */
  public double tolerance() {
    switch (dtype) {
      case F32:
        return 1e-5;
      case F16:
        return 2e-3;
      default:
        return 1.6e-2;
    }
  }
}
