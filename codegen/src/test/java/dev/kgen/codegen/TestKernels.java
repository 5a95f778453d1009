package dev.kgen.codegen;

import static dev.kgen.ir.DType.BF16;
import static dev.kgen.ir.DType.F16;
import static dev.kgen.ir.DType.F32;
import static dev.kgen.ir.DType.FP8E4M3;
import static dev.kgen.ir.DType.FP8E5M2;
import static dev.kgen.ir.DType.I32;
import static dev.kgen.ir.DType.I64;

import dev.kgen.dsl.KernelBuilder;
import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import java.util.List;

/** Small kernels written with the DSL for emitter tests. */
public final class TestKernels {
  private TestKernels() {}

  /** One program per row: {@code out[row] = softmax(in[row, :n_cols])}, BLOCK >= n_cols. */
  public static final KernelDef ROW_SOFTMAX = KernelDef.builder("row_softmax")
      .constexprInt("BLOCK")
      .body(k -> {
        Tile out = k.pointer("out_ptr", F32);
        Tile in = k.pointer("in_ptr", F32);
        Tile nCols = k.scalar("n_cols", I32);
        Tile stride = k.scalar("row_stride", I32);
        Tile row = k.programId(0).as("row");
        Tile cols = k.arange(0, k.constInt("BLOCK")).as("cols");
        Tile mask = cols.lt(nCols).as("mask");
        Tile start = row.mul(stride).as("row_start");
        Tile x = k.load(in.add(start).add(cols), mask, Double.NEGATIVE_INFINITY).as("x");
        Tile z = x.sub(x.max(0)).as("z");
        Tile num = z.exp().as("num");
        Tile den = num.sum(0).as("den");
        k.store(out.add(start).add(cols), num.div(den), mask);
      })
      .build();

  /**
   * Reads a {@code [ROWS, COLS]} tile of dtype {@code DT} laid out like a row of paged K cache,
   * each row split as {@code [COLS / X, X]}: element {@code (r, c)} is at {@code shift + r *
   * row_stride + c / X * hi_stride + c % X * lo_stride}, masked to {@code c < n_cols} (else -1),
   * and writes it as f32, contiguously, followed by the same rows read unsplit ({@code shift + r *
   * row_stride + c}). The strides, the shift and the bound choose whether the
   * runs of a vector load are consecutive, aligned and uniformly masked.
   */
  public static final KernelDef SPLIT_GATHER = KernelDef.builder("split_gather")
      .constexprInt("ROWS")
      .constexprInt("COLS")
      .constexprInt("X")
      .constexprDType("DT")
      .body(k -> {
        int rows = k.constInt("ROWS");
        int cols = k.constInt("COLS");
        int x = k.constInt("X");
        Tile in = k.pointer("in_ptr", k.constDType("DT"));
        Tile out = k.pointer("out_ptr", F32);
        Tile shift = k.scalar("shift", I64);
        Tile rowStride = k.scalar("row_stride", I64);
        Tile hiStride = k.scalar("hi_stride", I64);
        Tile loStride = k.scalar("lo_stride", I64);
        Tile nCols = k.scalar("n_cols", I32);
        Tile r = k.arange(0, rows).col().as("r");
        Tile c = k.arange(0, cols).row().as("c");
        Tile offset = r.to(I64).mul(rowStride).add(c.intDiv(x).to(I64).mul(hiStride))
            .add(c.rem(x).to(I64).mul(loStride)).as("offset");
        Tile mask = c.lt(nCols).broadcastTo(rows, cols).as("mask");
        Tile v = k.load(in.add(shift).add(offset), mask, -1.0).as("v");
        k.store(out.add(r.mul(cols)).add(c), v.to(F32));
        // the same rows unsplit: runs consecutive by construction, aligned or not by the shift
        Tile u = k.load(in.add(shift).add(r.to(I64).mul(rowStride)).add(c), mask, -1.0).as("u");
        k.store(out.add(rows * cols).add(r.mul(cols)).add(c), u.to(F32));
      })
      .build();

  /** Number of f32 and i32 results {@link #ELEMENTWISE} writes per element. */
  public static final int FLOAT_RESULTS = 9;
  public static final int INT_RESULTS = 9;

  /**
   * Elementwise arithmetic, comparisons, casts and small-float conversions, all with exactly
   * rounded results so the device must match the interpreter bit for bit.
   */
  public static final KernelDef ELEMENTWISE = KernelDef.builder("elementwise_mix")
      .constexprInt("BLOCK")
      .body(TestKernels::elementwise)
      .build();

  private static void elementwise(KernelBuilder k) {
    Tile x = k.pointer("x", F32);
    Tile y = k.pointer("y", F32);
    Tile ia = k.pointer("ia", I32);
    Tile ib = k.pointer("ib", I32);
    Tile toBf16 = k.pointer("to_bf16", BF16);
    Tile toF16 = k.pointer("to_f16", F16);
    Tile toE4m3 = k.pointer("to_e4m3", FP8E4M3);
    Tile toE5m2 = k.pointer("to_e5m2", FP8E5M2);
    Tile bitsBf16 = k.pointer("bits_bf16", BF16);
    Tile bitsF16 = k.pointer("bits_f16", F16);
    Tile bitsE4m3 = k.pointer("bits_e4m3", FP8E4M3);
    Tile bitsE5m2 = k.pointer("bits_e5m2", FP8E5M2);
    Tile decoded = k.pointer("decoded", F32);
    Tile outF = k.pointer("out_f", F32);
    Tile outI = k.pointer("out_i", I32);
    Tile n = k.scalar("n", I32);
    Tile offs = k.programId(0).mul(k.constInt("BLOCK")).add(k.arange(0, k.constInt("BLOCK"))).as("offs");
    Tile m = offs.lt(n).as("m");
    Tile xv = k.load(x.add(offs), m).as("xv");
    Tile yv = k.load(y.add(offs), m).as("yv");
    Tile a = k.load(ia.add(offs), m).as("a");
    Tile b = k.load(ib.add(offs), m).as("b");

    k.store(toBf16.add(offs), xv, m);
    k.store(toF16.add(offs), xv, m);
    k.store(toE4m3.add(offs), xv, m);
    k.store(toE5m2.add(offs), xv, m);
    List<Tile> bits = List.of(bitsBf16, bitsF16, bitsE4m3, bitsE5m2);
    for (int i = 0; i < bits.size(); i++) {
      k.store(decoded.add(offs.add(n.mul(i))), k.load(bits.get(i).add(offs), m).to(F32), m);
    }

    Tile inRange = xv.lt(1_000_000_000L).and(xv.gt(-1e9));
    List<Tile> floats = List.of(
        k.maximum(xv, yv),
        k.minimum(xv, yv),
        xv.div(yv),
        xv.to(BF16).mul(yv.to(BF16)).to(F32),
        xv.to(F16).add(yv.to(F16)).to(F32),
        k.where(xv.gt(yv), xv, yv.sub(1.0)),
        xv.neg(),
        a.to(F32),
        xv.to(BF16).to(F16).to(F32));
    for (int i = 0; i < floats.size(); i++) {
      k.store(outF.add(offs.add(n.mul(i))), floats.get(i), m);
    }
    List<Tile> ints = List.of(
        a.intDiv(b),
        a.rem(b),
        k.maximum(a, b),
        k.minimum(a, b),
        k.where(inRange, xv, 0.0).to(I32),
        a.lt(b).to(I32),
        a.to(I64).mul(b.to(I64)).to(I32),
        a.and(b).or(a.mul(3)),
        a.eq(b).not().to(I32));
    for (int i = 0; i < ints.size(); i++) {
      k.store(outI.add(offs.add(n.mul(i))), ints.get(i), m);
    }
  }

  /**
   * Layout changes and control flow on a [M, K] x [K, N] problem: reductions over each axis,
   * dots, row and column broadcasts, a loop carrying a swapped pair and a scalar, a branch with
   * results and an early return in program 1. Inputs hold small integers so every sum is exact.
   */
  public static final KernelDef LAYOUTS = KernelDef.builder("layout_mix")
      .constexprInt("M")
      .constexprInt("K")
      .constexprInt("N")
      .body(TestKernels::layouts)
      .build();

  private static void layouts(KernelBuilder k) {
    int mm = k.constInt("M");
    int kk = k.constInt("K");
    int nn = k.constInt("N");
    Tile a = k.pointer("a", F32);
    Tile b = k.pointer("b", F32);
    Tile out = k.pointer("out", F32);
    Tile out64 = k.pointer("out64", I64);
    Tile kValid = k.scalar("k_valid", I32);
    Tile steps = k.scalar("steps", I32);
    Tile pid = k.programId(0).as("pid");
    Tile rows = k.arange(0, mm).as("rows");
    Tile ks = k.arange(0, kk).as("ks");
    Tile cols = k.arange(0, nn).as("cols");
    Tile kMask = ks.lt(kValid).as("k_mask");
    Tile base = pid.mul(mm * kk);
    Tile av = k.load(a.add(base).add(rows.col().mul(kk)).add(ks.row()), kMask.row(), 0.0).as("A");
    Tile bv = k.load(b.add(ks.col().mul(nn)).add(cols.row())).as("B");
    Tile outBase = pid.mul(4096);
    k.ifThen(pid.eq(1), k::ret);
    int[] at = {0};
    java.util.function.BiConsumer<Tile, Tile> put = (offsets, value) -> {
      k.store(out.add(outBase).add(at[0]).add(offsets), value);
      at[0] += value.shape().numel();
    };
    put.accept(rows, av.sum(1));
    put.accept(ks, av.max(0));
    put.accept(rows, av.min(1));
    Tile tile = rows.col().mul(nn).add(cols.row());
    Tile d = k.dot(av, bv).as("D");
    put.accept(tile, d);
    put.accept(tile, k.dot(av.to(BF16), bv.to(BF16)));
    Tile wide = rows.col().mul(kk).add(ks.row());
    put.accept(wide, av.add(av.max(1).col()));
    put.accept(wide, av.mul(av.max(0).row()));
    Tile total = av.sum(1).sum(0).as("total");
    k.store(out.add(outBase).add(at[0]), total);
    at[0] += 1;
    List<Tile> loop = k.forRange(0, steps, List.of(k.zeros(new int[] {mm, nn}, F32).as("acc"),
        k.full(new int[] {mm}, 1.0, F32).as("p"), k.full(new int[] {mm}, 2.0, F32).as("q"),
        k.constant(0, I32).as("count")), (j, c) -> List.of(
            c.get(0).add(d.mul(j.to(F32))),
            c.get(2),
            c.get(1).add(1.0),
            c.get(3).add(j)));
    put.accept(tile, loop.get(0));
    put.accept(rows, loop.get(1));
    put.accept(rows, loop.get(2));
    k.store(out.add(outBase).add(at[0]), loop.get(3).to(F32));
    at[0] += 1;
    List<Tile> chosen = k.ifElse(steps.gt(2), () -> List.of(av.sum(0)), () -> List.of(av.max(0)));
    put.accept(ks, chosen.get(0));
    k.store(out64.add(pid.mul(kk)).add(ks), av.to(I64).sum(0));
  }

  /** Where {@link #LAYOUTS} writes: the number of f32 results per program. */
  public static int layoutResults(int m, int k, int n) {
    return m + k + m + 2 * m * n + 2 * m * k + 1 + m * n + 2 * m + 1 + k;
  }
}
