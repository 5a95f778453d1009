package dev.kgen.codegen;

import dev.kgen.interp.Interpreter;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Param;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Launches of the test kernels with inputs chosen to hit the corner cases (NaN, infinities,
 * signed zeros, subnormals, rounding ties, overflow thresholds, zero divisors), and the
 * interpreter's results for them.
 */
public final class ExecutionCases {
  private ExecutionCases() {}

  /** One launch: kernel, grid, arguments, and per-parameter comparison tolerance. */
  public record Launch(String name, Kernel kernel, int[] grid, List<Object> args, double relTol, double absTol) {
    /** A deep copy of the arguments. */
    public List<Object> copyArgs() {
      List<Object> c = new ArrayList<>();
      for (Object o : args) {
        c.add(o instanceof ByteBuffer b ? PoclRunner.copy(b) : o);
      }
      return c;
    }

    /** The interpreter's view of the buffers after the launch. */
    public List<Object> expected() {
      List<Object> c = copyArgs();
      new Interpreter(kernel, false).run(grid, c);
      return c;
    }

    /** Compares every pointer argument of {@code actual} with {@code expected}. */
    public void check(String dialect, List<Object> expected, List<Object> actual) {
      for (int i = 0; i < kernel.params().size(); i++) {
        Param p = kernel.params().get(i);
        if (p.isPointer()) {
          Compare.elements(dialect + " " + name + " " + p.name(), p.dtype(), (ByteBuffer) expected.get(i),
              (ByteBuffer) actual.get(i), relTol, absTol);
        }
      }
    }
  }

  public static final int ELEMENTWISE_N = 65536;

  public static Launch elementwise() {
    Kernel k = TestKernels.ELEMENTWISE.specialize(Map.of("BLOCK", 512));
    int n = ELEMENTWISE_N;
    Random rnd = new Random(7);
    ByteBuffer x = PoclRunner.buffer(4 * n);
    ByteBuffer y = PoclRunner.buffer(4 * n);
    float[] specials = specials();
    for (int i = 0; i < n; i++) {
      float xv;
      if (i < specials.length) {
        xv = specials[i];
      } else if (i % 4 == 0) {
        xv = Float.intBitsToFloat(rnd.nextInt());
      } else if (i % 4 == 1) {
        xv = tie(rnd);
      } else {
        xv = (float) ((rnd.nextDouble() * 2 - 1) * Math.scalb(1.0, rnd.nextInt(60) - 30));
      }
      x.putFloat(4 * i, xv);
      float yv = i % 97 == 0 ? 0f : i % 101 == 0 ? Float.NaN : i % 103 == 0 ? -0f
          : (float) ((rnd.nextDouble() * 2 - 1) * Math.scalb(1.0, rnd.nextInt(20) - 10));
      y.putFloat(4 * i, i < specials.length ? specials[(i * 7 + 3) % specials.length] : yv);
    }
    ByteBuffer ia = PoclRunner.buffer(4 * n);
    ByteBuffer ib = PoclRunner.buffer(4 * n);
    for (int i = 0; i < n; i++) {
      int a = i % 3 == 0 ? rnd.nextInt() : rnd.nextInt(2001) - 1000;
      int b = i % 11 == 0 ? 0 : rnd.nextInt(41) - 20;
      if (a == Integer.MIN_VALUE) {
        a = 5;
      }
      ia.putInt(4 * i, a);
      ib.putInt(4 * i, b);
    }
    ByteBuffer bitsBf16 = PoclRunner.buffer(2 * n);
    ByteBuffer bitsF16 = PoclRunner.buffer(2 * n);
    ByteBuffer bitsE4m3 = PoclRunner.buffer(n);
    ByteBuffer bitsE5m2 = PoclRunner.buffer(n);
    for (int i = 0; i < n; i++) {
      bitsBf16.putShort(2 * i, (short) i);
      bitsF16.putShort(2 * i, (short) i);
      bitsE4m3.put(i, (byte) i);
      bitsE5m2.put(i, (byte) i);
    }
    List<Object> args = List.of(x, y, ia, ib, PoclRunner.buffer(2 * n), PoclRunner.buffer(2 * n), PoclRunner.buffer(n),
        PoclRunner.buffer(n), bitsBf16, bitsF16, bitsE4m3, bitsE5m2, PoclRunner.buffer(16 * n),
        PoclRunner.buffer(4 * n * TestKernels.FLOAT_RESULTS), PoclRunner.buffer(4 * n * TestKernels.INT_RESULTS), n);
    return new Launch("elementwise_mix", k, new int[] {n / 512, 1, 1}, args, 0, 0);
  }

  /** Values at the edges of every format. */
  static float[] specials() {
    List<Float> v = new ArrayList<>();
    double[] base = {0.0, Float.MIN_VALUE, Float.MIN_NORMAL, 1.0, 1.5, 65504, 65519.99, 65520, 65536, 448, 456, 464, 480,
        500, 57344, 61439, 61440, 1e30, Float.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN, Math.scalb(1.0, -14),
        Math.scalb(1.0, -24), Math.scalb(1.0, -25), Math.scalb(1.5, -25), Math.scalb(1.0, -9), Math.scalb(1.0, -10),
        Math.scalb(1.0, -16), Math.scalb(1.0, -17), Math.scalb(3.0, -17), Math.scalb(1.0, -126), Math.scalb(1.0, -133),
        Math.scalb(1.0, -134), 1 + Math.scalb(1.0, -8), 1 + Math.scalb(3.0, -8), 1 + Math.scalb(1.0, -11),
        1 + Math.scalb(3.0, -11), 1 + Math.scalb(1.0, -4), 1 + Math.scalb(3.0, -4), 1 + Math.scalb(1.0, -3),
        1 + Math.scalb(3.0, -3), 0.1, 1.0 / 3, 2.5, 3.5, 1e9, 2147483520.0, 3e9};
    for (double d : base) {
      v.add((float) d);
      v.add((float) -d);
    }
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.get(i);
    }
    return out;
  }

  /** A value exactly halfway between two neighbours of a random small format. */
  static float tie(Random rnd) {
    int mant = new int[] {7, 10, 3, 2}[rnd.nextInt(4)];
    int exp = rnd.nextInt(30) - 15;
    long m = rnd.nextInt(1 << mant);
    double v = Math.scalb((double) ((1L << mant) + m) * 2 + 1, exp - mant - 1);
    return (float) (rnd.nextBoolean() ? v : -v);
  }

  public static final int LM = 16;
  public static final int LK = 32;
  public static final int LN = 8;

  /** The layout kernel over 2 programs (the second returns early) with {@code steps} loop iterations. */
  public static Launch layouts(int steps) {
    Kernel k = TestKernels.LAYOUTS.specialize(Map.of("M", LM, "K", LK, "N", LN));
    Random rnd = new Random(11 + steps);
    ByteBuffer a = PoclRunner.buffer(4 * 2 * LM * LK);
    for (int i = 0; i < 2 * LM * LK; i++) {
      a.putFloat(4 * i, rnd.nextInt(9) - 4);
    }
    ByteBuffer b = PoclRunner.buffer(4 * LK * LN);
    for (int i = 0; i < LK * LN; i++) {
      b.putFloat(4 * i, rnd.nextInt(9) - 4);
    }
    ByteBuffer out = PoclRunner.buffer(4 * 2 * 4096);
    for (int i = 0; i < 2 * 4096; i++) {
      out.putFloat(4 * i, -7f);
    }
    List<Object> args = List.of(a, b, out, PoclRunner.buffer(8 * 2 * LK), 29, steps);
    return new Launch("layout_mix(steps=" + steps + ")", k, new int[] {2, 1, 1}, args, 0, 0);
  }

  public static Launch rowSoftmax() {
    Kernel k = TestKernels.ROW_SOFTMAX.specialize(Map.of("BLOCK", 128));
    int rows = 5;
    int cols = 100;
    Random rnd = new Random(3);
    ByteBuffer in = PoclRunner.buffer(4 * rows * cols);
    for (int i = 0; i < rows * cols; i++) {
      in.putFloat(4 * i, (float) (rnd.nextGaussian() * 4));
    }
    List<Object> args = List.of(PoclRunner.buffer(4 * rows * cols), in, cols, cols);
    return new Launch("row_softmax", k, new int[] {rows, 1, 1}, args, 1e-5, 1e-30);
  }

  /** Paged attention on three sequences (the second a two-token prefill chunk). */
  public static Launch paged(PagedSpecs s) {
    Kernel k = s.kernel();
    PagedInputs in = new PagedInputs(s, k, 5, new int[] {1, 40, s.physicalBlock() + 19});
    DType out = (DType) s.constexprs().get("OUT_DTYPE");
    // exp and fp32 accumulation may differ in the last fp32 bits; allow one ulp of the output type
    double tol = out.isFp8() ? 0.13 : out == DType.F16 ? 0.002 : 0.008;
    return new Launch("paged " + s, k, in.grid, in.args, tol, 1e-6);
  }
  /**
   * {@link #paged} with both caches stored with their innermost logical axis strided: K's
   * {@code x} axis and V's tokens are swapped with the axis outside them in memory (a
   * permutation of each block, so the buffers keep their size). Runs of a vector load are then
   * never consecutive, and every element is read by the element-by-element path.
   */
  public static Launch pagedStridedCaches(PagedSpecs s) {
    Launch l = paged(s);
    List<Object> args = new ArrayList<>(l.args());
    Map<String, Long> strides = Map.of("stride_k_cache_3", 1L, "stride_k_cache_4", (long) s.physicalBlock(),
        "stride_v_cache_2", 1L, "stride_v_cache_3", (long) s.headSize());
    List<Param> params = l.kernel().params();
    for (int i = 0; i < params.size(); i++) {
      Long v = strides.get(params.get(i).name());
      if (v != null) {
        args.set(i, v);
      }
    }
    return new Launch(l.name() + " strided caches", l.kernel(), l.grid(), args, l.relTol(), l.absTol());
  }
  /**
   * {@link TestKernels#SPLIT_GATHER} of a 16 x 64 tile split by {@code x} from a buffer of
   * {@code dt} holding every element twice over: {@code strided} spreads the innermost axis
   * (runs never consecutive), {@code shift} offsets every row (misaligned runs for a shift that
   * is not a multiple of the run), {@code nCols} below 64 masks part of the last runs.
   */
  public static Launch splitGather(DType dt, int x, boolean strided, long shift, int nCols) {
    int rows = 16;
    int cols = 64;
    Kernel k = TestKernels.SPLIT_GATHER.specialize(Map.of("ROWS", rows, "COLS", cols, "X", x, "DT", dt));
    int n = 2 * rows * cols + 64;
    Random rnd = new Random(17 + x);
    ByteBuffer in = PoclRunner.buffer(dt.bytes() * n);
    for (int i = 0; i < n; i++) {
      dt.write(in, i, rnd.nextInt(15) - 7);
    }
    long lo = strided ? (long) cols / x : 1;
    long hi = strided ? 1 : x;
    List<Object> args = List.of(in, PoclRunner.buffer(2 * 4 * rows * cols), shift, 2L * cols, hi, lo, nCols);
    return new Launch("split_gather(" + dt + ", x=" + x + (strided ? ", strided" : "") + ", shift=" + shift + ", n_cols="
        + nCols + ")", k, new int[] {1, 1, 1}, args, 0, 0);
  }
}
