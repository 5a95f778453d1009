package dev.kgen.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import dev.kgen.ir.DType;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.CompiledKernel;
import dev.kgen.runtime.DeviceBuffer;
import dev.kgen.runtime.LaunchOptions;
import dev.kgen.runtime.TestBackends;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * An online softmax's row statistics on every device backend, against float64: the running
 * maximum and sum carried by a loop, the rescale broadcast over an accumulator of the scores'
 * layout and over one twice as wide, and the statistics read in their own layout (stored)
 * inside the loop, from the loop-carried value itself, and after it. On CUDA and NVIDIA's
 * OpenCL these are held in the rows of the scores' layout (codegen's {@code ReplicatedRows});
 * each mode puts the conversions in other places.
 */
class RowStatisticsOnBackendsTest {
  private static final int ROWS = 16;
  private static final int STEPS = 3;
  /** 0: statistics stored only after the loop; 1: each new maximum stored in the loop; 2: the carried maximum stored in it. */
  private static final List<Integer> MODES = List.of(0, 1, 2);

  static final KernelDef DEF = KernelDef.builder("row_statistics").constexprInt("COLS").constexprInt("MODE").body(k -> {
    int cols = k.constInt("COLS");
    int mode = k.constInt("MODE");
    Tile x = k.pointer("x_ptr", DType.F32);
    Tile y = k.pointer("y_ptr", DType.F32);
    Tile out = k.pointer("out_ptr", DType.F32);
    Tile wide = k.pointer("wide_ptr", DType.F32);
    Tile maxOut = k.pointer("max_ptr", DType.F32);
    Tile sumOut = k.pointer("sum_ptr", DType.F32);
    Tile trace = k.pointer("trace_ptr", DType.F32);
    Tile steps = k.scalar("steps", DType.I32);
    Tile rows = k.arange(0, ROWS);
    Tile offsets = rows.col().mul(cols).add(k.arange(0, cols).row());
    Tile wideOffsets = rows.col().mul(2 * cols).add(k.arange(0, 2 * cols).row());
    List<Tile> inits = List.of(k.full(new int[] {ROWS}, Double.NEGATIVE_INFINITY, DType.F32),
        k.zeros(new int[] {ROWS}, DType.F32), k.zeros(new int[] {ROWS, cols}, DType.F32),
        k.zeros(new int[] {ROWS, 2 * cols}, DType.F32));
    List<Tile> last = k.forRange(0, steps, inits, (j, c) -> {
      Tile s = k.load(x.add(j.mul(ROWS * cols)).add(offsets));
      Tile m = k.maximum(c.get(0), s.max(1));
      Tile p = s.sub(m.col()).exp();
      Tile alpha = c.get(0).sub(m).exp();
      if (mode == 1) {
        k.store(trace.add(j.mul(ROWS)).add(rows), m);
      } else if (mode == 2) {
        k.store(trace.add(j.mul(ROWS)).add(rows), c.get(0));
      }
      Tile v = k.load(y.add(j.mul(ROWS * 2 * cols)).add(wideOffsets));
      return List.of(m, c.get(1).mul(alpha).add(p.sum(1)), c.get(2).mul(alpha.col()).add(p),
          c.get(3).mul(alpha.col()).add(v));
    });
    k.store(out.add(offsets), last.get(2).div(last.get(1).col()));
    k.store(wide.add(wideOffsets), last.get(3));
    k.store(maxOut.add(rows), last.get(0));
    k.store(sumOut.add(rows), last.get(1));
  }).build();

  @TestFactory
  Stream<DynamicTest> runningMaximumAndSumAgreeWithFloat64() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Backend b : TestBackends.compiled()) {
      for (int cols : new int[] {64, 128}) {
        for (int threads : new int[] {64, 128}) {
          for (int mode : MODES) {
            tests.add(DynamicTest.dynamicTest(b.name() + " cols " + cols + ", " + threads + " threads, mode " + mode,
                () -> run(b, cols, threads, mode)));
          }
        }
      }
    }
    return tests.stream();
  }

  private static void run(Backend backend, int cols, int threads, int mode) {
    long seed = ThreadLocalRandom.current().nextLong();
    Random r = new Random(seed);
    double[] x = new double[STEPS * ROWS * cols];
    double[] y = new double[STEPS * ROWS * 2 * cols];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (3 * r.nextGaussian() + i / (ROWS * cols)); // a later step may raise the maximum
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) r.nextGaussian();
    }
    Reference ref = new Reference(x, y, cols, mode);
    CompiledKernel k = backend.compile(DEF.specialize(Map.of("COLS", cols, "MODE", mode)),
        LaunchOptions.defaults().withCodegen(new CodegenOptions(threads, 8)));
    try (DeviceBuffer dx = backend.upload(floats(x)); DeviceBuffer dy = backend.upload(floats(y));
        DeviceBuffer out = backend.upload(poison(ROWS * cols)); DeviceBuffer wide = backend.upload(poison(ROWS * 2 * cols));
        DeviceBuffer max = backend.upload(poison(ROWS)); DeviceBuffer sum = backend.upload(poison(ROWS));
        DeviceBuffer trace = backend.upload(poison(STEPS * ROWS))) {
      backend.launch(k, new int[] {1, 1, 1}, List.of(dx, dy, out, wide, max, sum, trace, STEPS));
      backend.synchronize();
      String what = backend.name() + " cols " + cols + ", " + threads + " threads, mode " + mode + ", seed " + seed + ": ";
      check(what + "out", ref.out, download(backend, out, ROWS * cols));
      check(what + "wide", ref.wide, download(backend, wide, ROWS * 2 * cols));
      check(what + "max", ref.max, download(backend, max, ROWS));
      check(what + "sum", ref.sum, download(backend, sum, ROWS));
      if (mode != 0) {
        check(what + "trace", ref.trace, download(backend, trace, STEPS * ROWS));
      }
    }
  }

  /** The loop of {@link #DEF} in float64. */
  private static final class Reference {
    final double[] out;
    final double[] wide;
    final double[] max = new double[ROWS];
    final double[] sum = new double[ROWS];
    final double[] trace = new double[STEPS * ROWS];

    Reference(double[] x, double[] y, int cols, int mode) {
      double[] acc = new double[ROWS * cols];
      double[] accWide = new double[ROWS * 2 * cols];
      java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
      for (int j = 0; j < STEPS; j++) {
        for (int row = 0; row < ROWS; row++) {
          double m = max[row];
          for (int c = 0; c < cols; c++) {
            m = Math.max(m, x[(j * ROWS + row) * cols + c]);
          }
          trace[j * ROWS + row] = mode == 1 ? m : max[row];
          double alpha = Math.exp(max[row] - m);
          double rowSum = 0;
          for (int c = 0; c < cols; c++) {
            double p = Math.exp(x[(j * ROWS + row) * cols + c] - m);
            rowSum += p;
            acc[row * cols + c] = acc[row * cols + c] * alpha + p;
          }
          for (int c = 0; c < 2 * cols; c++) {
            accWide[row * 2 * cols + c] = accWide[row * 2 * cols + c] * alpha + y[(j * ROWS + row) * 2 * cols + c];
          }
          sum[row] = sum[row] * alpha + rowSum;
          max[row] = m;
        }
      }
      out = new double[ROWS * cols];
      for (int i = 0; i < out.length; i++) {
        out[i] = acc[i] / sum[i / cols];
      }
      wide = accWide;
    }
  }

  private static void check(String what, double[] expected, float[] got) {
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      boolean ok = e == got[i] || Math.abs(got[i] - e) <= 1e-5 * Math.abs(e) + 1e-6;
      assertTrue(ok, what + "[" + i + "] = " + got[i] + ", expected " + e);
    }
  }

  private static ByteBuffer floats(double[] v) {
    ByteBuffer bb = ByteBuffer.allocateDirect(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double d : v) {
      bb.putFloat((float) d);
    }
    return bb.flip();
  }

  private static ByteBuffer poison(int n) {
    ByteBuffer bb = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      bb.putFloat(Float.NaN);
    }
    return bb.flip();
  }

  private static float[] download(Backend b, DeviceBuffer d, int n) {
    ByteBuffer bb = poison(n);
    b.download(d, bb);
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = bb.getFloat(4 * i);
    }
    return f;
  }
}
