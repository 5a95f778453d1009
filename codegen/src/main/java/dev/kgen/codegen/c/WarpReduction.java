package dev.kgen.codegen.c;

import dev.kgen.ir.DType;
import dev.kgen.ir.Op;
import dev.kgen.ir.ReduceOp;
import dev.kgen.ir.Shape;
import dev.kgen.ir.Value;

/**
 * A reduction along the innermost axis through warp shuffles, for dialects that have them. With
 * the tile's layout ({@link TileLayout}: runs of {@code V} elements, run {@code u = c*T + t} in
 * thread {@code t}), a row of {@code len} elements is {@code L = len/V} consecutive runs. When
 * {@code L} is a power of two dividing the thread count, those runs sit in {@code L} aligned
 * consecutive threads of one chunk: each thread combines its {@code V} elements, a butterfly of
 * shuffles combines groups of {@code G = min(L, warp)} lanes, the first lane of each group
 * writes its partial to shared memory, and after one barrier each owner of a result combines
 * the row's {@code L/G} partials. The serial loop of the staged lowering (one thread reading
 * {@code len} values in a chain) becomes {@code log2 G} shuffles. Max and min are exact in
 * any order; sums are combined pairwise, which is at least as accurate as the sequential order.
 *
 * <p>When a row lies within one warp ({@code L <= warp}) the butterfly leaves the row's result in
 * every one of its lanes. Where {@link ReplicatedRowsPlan} holds the result in rows, it stays there
 * ({@link #emitInRows}).
 */
final class WarpReduction {
  private static final String BUF = Restaging.BUF;
  private static final String ACC = "kgen_acc";
  private final LoweringContext cx;

  WarpReduction(LoweringContext cx) {
    this.cx = cx;
  }

  /** Whether {@code o} fits the pattern above in this dialect with these options. */
  boolean applies(Op.Reduce o) {
    int warp = cx.dialect.warpSize();
    Shape shape = o.x().shape();
    if (warp == 0 || o.x().dtype() != DType.F32 || o.result().dtype() != DType.F32 || o.axis() != shape.rank() - 1) {
      return false;
    }
    TileLayout from = cx.layout(o.x());
    int lanes = shape.dim(o.axis()) / from.vector();
    return from.threads() % warp == 0 && Integer.bitCount(lanes) == 1 && from.threads() % lanes == 0;
  }

  /** Whether {@code o} applies and each row's lanes lie in one warp, so its result can stay in them. */
  boolean keepsRowsInWarps(Op.Reduce o) {
    if (!applies(o) || o.result().shape().isScalar()) {
      return false;
    }
    int lanes = o.x().shape().dim(o.axis()) / cx.layout(o.x()).vector();
    return lanes > 1 && lanes <= cx.dialect.warpSize(); // one lane per row would be its own layout
  }

  /** The rows of {@code o}'s input: where {@link #keepsRowsInWarps} leaves its result. */
  TileLayout rowsLayout(Op.Reduce o) {
    return TileLayout.rowsOf(cx.layout(o.x()), o.x().shape().dim(o.axis()));
  }

  void emit(Op.Reduce o) {
    Value x = o.x();
    Value r = o.result();
    DType d = r.dtype();
    Shape shape = x.shape();
    TileLayout from = cx.layout(x);
    int len = shape.dim(o.axis());
    int v = from.vector();
    int lanes = len / v;
    int group = Math.min(lanes, cx.dialect.warpSize());
    int partials = lanes / group;
    int rows = shape.numel() / len;
    CValue src = cx.get(x);
    Fn fn = combiner(o.op());
    String type = cx.type(d);
    cx.needShared(rows * partials * 4, "reduce_" + o.op().irName() + " " + x.type());
    String name = cx.name(r);
    boolean scalar = r.shape().isScalar();
    TileLayout to = scalar ? null : cx.layout(r);
    cx.out.line(type + " " + name + (scalar ? "" : "[" + to.slots() + "]") + ";");
    cx.out.open("");
    cx.sharedView(BUF, cx.dialect.stagingType(d));
    openChunkLoop(fn, d, type, src, from, group);
    cx.out.line("const int kgen_run = kgen_chunk * " + from.threads() + " + " + cx.tid() + ";");
    cx.out.line("if (kgen_run % " + group + " == 0 && kgen_run < " + (shape.numel() / v) + ") " + BUF + "[kgen_run / "
        + group + "] = " + ACC + ";");
    cx.out.close();
    cx.barrier();
    if (scalar) {
      combine(fn, d, type, "0", partials, name);
    } else {
      String e = LoweringContext.ELEMENT;
      cx.ownedElementLoop(to,
          () -> combine(fn, d, type, partials == 1 ? e : e + " * " + partials, partials, name + "[" + LoweringContext.SLOT + "]"));
    }
    cx.barrier();
    cx.out.close();
    cx.bind(r, scalar ? new CValue.Scalar(name) : new CValue.Tile(name, to));
  }

  /**
   * Each thread keeps the butterfly's result of its chunk {@code c} in slot {@code c} of
   * {@code rows}: all lanes of a row have it, so no shared memory and no barrier.
   */
  CValue.Tile emitInRows(Op.Reduce o, TileLayout rows) {
    Value r = o.result();
    DType d = r.dtype();
    Fn fn = combiner(o.op());
    String type = cx.type(d);
    CValue src = cx.get(o.x());
    String name = cx.name(r);
    cx.out.line(type + " " + name + "[" + rows.slots() + "];");
    openChunkLoop(fn, d, type, src, cx.layout(o.x()), rows.replicas());
    cx.out.line(name + "[kgen_chunk] = " + ACC + ";");
    cx.out.close();
    return new CValue.Tile(name, rows);
  }

  /**
   * Opens the loop over the chunks of {@code from} and combines, into {@code kgen_acc}, the
   * thread's run of the chunk and then, by a butterfly, those of the {@code group} lanes around it.
   */
  private void openChunkLoop(Fn fn, DType d, String type, CValue src, TileLayout from, int group) {
    int v = from.vector();
    cx.unrollPragma();
    cx.out.open("for (int kgen_chunk = 0; kgen_chunk < " + from.chunks() + "; ++kgen_chunk)");
    cx.out.line(type + " " + ACC + " = " + src.at(slot(v, 0)) + ";");
    for (int i = 1; i < v; i++) {
      cx.out.line(ACC + " = " + cx.apply(fn, d, ACC, src.at(slot(v, i))) + ";");
    }
    for (int mask = group / 2; mask >= 1; mask /= 2) {
      cx.out.line(ACC + " = " + cx.apply(fn, d, ACC, cx.dialect.shuffleXor(ACC, mask)) + ";");
    }
  }

  /** How two partial results of {@code op} combine. */
  private static Fn combiner(ReduceOp op) {
    return op == ReduceOp.SUM ? Fn.ADD : op == ReduceOp.MAX ? Fn.MAX : Fn.MIN;
  }

  private static String slot(int v, int i) {
    return v == 1 ? "kgen_chunk" : "kgen_chunk * " + v + " + " + i;
  }

  /** {@code target = fn over p < partials of buf[first + p]}. */
  private void combine(Fn fn, DType d, String type, String first, int partials, String target) {
    String base = first.equals("0") ? "" : first + " + ";
    if (partials == 1) {
      cx.out.line(target + " = " + BUF + "[" + first + "];");
      return;
    }
    cx.out.line(type + " " + ACC + " = " + BUF + "[" + first + "];");
    cx.out.line("for (int kgen_p = 1; kgen_p < " + partials + "; ++kgen_p) " + ACC + " = " + cx.apply(fn, d, ACC, BUF + "[" + base + "kgen_p]")
        + ";");
    cx.out.line(target + " = " + ACC + ";");
  }
}
