package dev.kgen.codegen.c;

import dev.kgen.errors.KgenResourceLimitException;
import dev.kgen.ir.DType;
import dev.kgen.ir.Op;
import dev.kgen.ir.ReduceOp;
import dev.kgen.ir.Shape;
import dev.kgen.ir.Value;
import java.util.function.Function;

/**
 * Ops whose result elements live in other threads than their inputs: broadcasts of tiles,
 * expand_dims between different layouts, reductions and dot products. Each goes through the
 * shared buffer: every thread writes the source elements it owns (row-major), a barrier, every
 * thread computes the result elements it owns, and a barrier before the buffer is reused.
 * Uniform sources (scalars, splats) need no communication at all, and broadcasts and
 * expand_dims of sources cheap to recompute (see {@link RematerializationCost}) are
 * recomputed per element by {@link RematerializedElement} instead of staged.
 */
final class StagedLowering {
  private static final String BUF = Restaging.BUF;
  private static final String A = "kgen_a";
  private static final String B = "kgen_b";
  private static final String ACC = "kgen_acc";
  private final LoweringContext cx;
  private final RematerializationCost recompute;
  private final RematerializedElement rematerialized;
  private final WarpReduction warpReduction;
  private final TensorCoreDot tensorCoreDot;
  private final Restaging restaging;
  private final ReplicatedRows replicatedRows;

  StagedLowering(LoweringContext cx) {
    this.cx = cx;
    this.recompute = new RematerializationCost(cx);
    this.rematerialized = new RematerializedElement(cx, recompute);
    this.warpReduction = new WarpReduction(cx);
    this.tensorCoreDot = new TensorCoreDot(cx, recompute::definition);
    this.restaging = new Restaging(cx);
    this.replicatedRows = new ReplicatedRows(cx, warpReduction, recompute, rematerialized, restaging);
  }

  /** The lowering of values held in rows, which elementwise ops and loops share. */
  ReplicatedRows replicatedRows() {
    return replicatedRows;
  }

  /** The op that defines {@code v}, or null for parameters and block arguments. */
  Op definition(Value v) {
    return recompute.definition(v);
  }

  /** The tensor-core lowering of dots, which loops also use to hold loop-invariant operands. */
  TensorCoreDot tensorCoreDot() {
    return tensorCoreDot;
  }

  void expandDims(Op.ExpandDims o) {
    Value r = o.result();
    TileLayout rows = replicatedRows.plan().rows(r);
    if (rows != null) { // the same rows, one more axis of 1
      replicatedRows.bindResult(r, replicatedRows.in(o.x(), rows));
      return;
    }
    cx.bind(r, relayout(source(o.x()), o.x(), r, "expand_dims", e -> e));
  }

  void broadcast(Op.Broadcast o) {
    Value r = o.result();
    Shape from = o.x().shape();
    Shape to = r.shape();
    if (cx.peek(o.x()) instanceof CValue.Replicated rows) {
      cx.bind(r, replicatedRows.broadcast(o, rows));
      return;
    }
    cx.bind(r, relayout(source(o.x()), o.x(), r, "broadcast", e -> broadcastSource(from, to, e)));
  }

  void trans(Op.Trans o) {
    Value r = o.result();
    int rows = o.x().shape().dim(0);
    int cols = o.x().shape().dim(1);
    // result element e is [e / rows, e % rows], the source's [e % rows, e / rows]
    cx.bind(r, relayout(source(o.x()), o.x(), r, "trans", e -> "(" + e + " % " + rows + ") * " + cols + " + " + e + " / " + rows));
  }

  /** The form of {@code x} a relayout starts from: for a value held in rows, its canonical form. */
  private CValue source(Value x) {
    CValue c = cx.peek(x);
    return c instanceof CValue.Replicated ? cx.get(x) : c;
  }

  /**
   * The C form of {@code src} (the value {@code x}) in the layout of {@code r}, where result
   * element {@code e} is source element {@code sourceIndex(e)}. Pointers move their offsets.
   */
  private CValue relayout(CValue src, Value x, Value r, String what, Function<String, String> sourceIndex) {
    TileLayout to = cx.layout(r);
    if (src instanceof CValue.Pointer p) {
      CValue moved = relayoutData(p.offsets(), x, r, DType.I64, to, what, sourceIndex);
      return new CValue.Pointer(p.base(), p.baseName(), moved);
    }
    return relayoutData(src, x, r, x.dtype(), to, what, sourceIndex);
  }

  private CValue relayoutData(CValue src, Value x, Value r, DType d, TileLayout to, String what,
      Function<String, String> sourceIndex) {
    if (src.uniform()) {
      cx.use(x);
      return new CValue.Splat(src.at(""), to);
    }
    CValue.Tile t = (CValue.Tile) src;
    if (t.layout().sameDistribution(to) && sourceIndex.apply("e").equals("e")) {
      cx.use(x);
      return new CValue.Tile(t.array(), to); // same elements in the same registers: no code
    }
    if (recompute.worthRecomputing(r)) {
      // each thread computes the elements it needs from their coordinates: the source's
      // registers are not read, no shared memory, no barrier
      return rematerialized.emit(r, d, to);
    }
    cx.use(x);
    return restaging.emit(cx.name(r), d, t, to, sourceIndex, what + " " + x.type() + " -> " + r.type());
  }

  /** The row-major index in {@code from} of the element {@code e} of {@code to} repeats. */
  static String broadcastSource(Shape from, Shape to, String e) {
    int[] toStrides = to.denseStrides();
    int[] fromStrides = from.denseStrides();
    StringBuilder s = new StringBuilder();
    for (int d = 0; d < to.rank(); d++) {
      if (from.dim(d) == 1) {
        continue;
      }
      String coord = toStrides[d] == 1 ? e : e + " / " + toStrides[d];
      if (d > 0) {
        coord = (toStrides[d] == 1 ? coord : "(" + coord + ")") + " % " + to.dim(d);
      }
      if (fromStrides[d] != 1) {
        coord = "(" + coord + ") * " + fromStrides[d];
      }
      s.append(s.length() == 0 ? "" : " + ").append(coord);
    }
    return s.length() == 0 ? "0" : s.toString();
  }

  void reduce(Op.Reduce o) {
    if (warpReduction.applies(o)) {
      TileLayout rows = replicatedRows.plan().rows(o.result());
      if (rows != null) {
        replicatedRows.bind(o.result(), warpReduction.emitInRows(o, rows));
      } else {
        warpReduction.emit(o);
      }
      return;
    }
    Value x = o.x();
    Value r = o.result();
    DType d = r.dtype();
    Shape shape = x.shape();
    int axis = o.axis();
    int len = shape.dim(axis);
    int inner = 1;
    for (int i = axis + 1; i < shape.rank(); i++) {
      inner *= shape.dim(i);
    }
    int outer = shape.numel() / (len * inner);
    CValue src = cx.get(x);
    TileLayout from = cx.layout(x);
    String type = cx.type(IntrinsicTable.computeDType(d));
    String stage = cx.dialect.stagingType(d);
    cx.needShared(shape.numel() * cx.dialect.stagingBytes(d), "reduce_" + o.op().irName() + " " + x.type());
    String name = cx.name(r);
    boolean scalar = r.shape().isScalar();
    TileLayout to = scalar ? null : cx.layout(r);
    cx.out.line(type + " " + name + (scalar ? "" : "[" + to.slots() + "]") + ";");
    cx.out.open("");
    cx.sharedView(BUF, stage);
    restaging.writeOwned(from, BUF, src);
    cx.barrier();
    int innerF = inner;
    int lenF = len;
    Function<String, String> first = e -> {
      if (outer == 1) {
        return e;
      }
      if (innerF == 1) {
        return e + " * " + lenF;
      }
      return e + " / " + innerF + " * " + (lenF * innerF) + " + " + e + " % " + innerF;
    };
    if (scalar) {
      accumulate(o.op(), d, type, "0", inner, len, name);
    } else {
      String e = LoweringContext.ELEMENT;
      cx.ownedElementLoop(to, () -> accumulate(o.op(), d, type, first.apply(e), innerF, lenF, name + "[" + LoweringContext.SLOT + "]"));
    }
    cx.barrier();
    cx.out.close();
    cx.bind(r, scalar ? new CValue.Scalar(name) : new CValue.Tile(name, to));
  }

  /** {@code target = op over k < len of buf[first + k*inner]}, in the interpreter's order. */
  private void accumulate(ReduceOp op, DType d, String type, String first, int inner, int len, String target) {
    String k = "k";
    String at = BUF + "[" + (first.equals("0") ? "" : first + " + ") + (inner == 1 ? k : k + " * " + inner) + "]";
    if (op == ReduceOp.SUM) {
      cx.out.line(type + " " + ACC + " = " + cx.literal(0, IntrinsicTable.computeDType(d)) + ";");
      cx.out.line("for (int " + k + " = 0; " + k + " < " + len + "; ++" + k + ") " + ACC + " = "
          + cx.apply(Fn.ADD, d, ACC, at) + ";");
    } else {
      Fn fn = op == ReduceOp.MAX ? Fn.MAX : Fn.MIN;
      cx.out.line(type + " " + ACC + " = " + BUF + "[" + first + "];");
      cx.out.line("for (int " + k + " = 1; " + k + " < " + len + "; ++" + k + ") " + ACC + " = "
          + cx.apply(fn, d, ACC, at) + ";");
    }
    cx.out.line(target + " = " + cx.rounded(ACC, d) + ";");
  }

  /**
   * {@code [M,K] x [K,N]} accumulated in fp32 with fused multiply-adds in increasing k, the A
   * and B tiles staged through shared memory in chunks of K small enough for {@link
   * LoweringContext#DOT_BUDGET}.
   */
  void dot(Op.Dot o) {
    if (tensorCoreDot.applies(o)) {
      tensorCoreDot.emit(o);
      return;
    }
    Value r = o.result();
    int m = o.a().shape().dim(0);
    int kk = o.a().shape().dim(1);
    int n = o.b().shape().dim(1);
    int chunk = chunkSize(m, kk, n, o);
    cx.needShared((m + n) * chunk * 4, "dot " + o.a().type() + " x " + o.b().type());
    CValue a = cx.get(o.a());
    CValue b = cx.get(o.b());
    TileLayout la = cx.layout(o.a());
    TileLayout lb = cx.layout(o.b());
    TileLayout lr = cx.layout(r);
    String name = cx.name(r);
    String slot = LoweringContext.SLOT;
    String e = LoweringContext.ELEMENT;
    String floatType = cx.type(DType.F32);
    cx.out.line(floatType + " " + name + "[" + lr.slots() + "];");
    cx.slotLoop(lr, name + "[" + slot + "] = " + cx.literal(0, DType.F32) + ";");
    boolean chunked = chunk < kk;
    cx.out.open(chunked ? "for (int k0 = 0; k0 < " + kk + "; k0 += " + chunk + ")" : "");
    cx.sharedView(A, floatType);
    String ptr = cx.dialect.sharedPointerType(floatType);
    cx.out.line(ptr + " " + B + " = " + A + " + " + (m * chunk) + ";");
    if (chunked) {
      writeChunk(la, a, A, e + " % " + kk + " - k0", chunk, e + " / " + kk + " * " + chunk + " + k");
      writeChunk(lb, b, B, e + " - k0 * " + n, chunk * n, "k");
    } else {
      restaging.writeOwned(la, A, a);
      restaging.writeOwned(lb, B, b);
    }
    cx.barrier();
    cx.guardedSlotLoop(lr, null, x -> "for (int k = 0; k < " + chunk + "; ++k) " + name + "[" + slot + "] = "
        + cx.apply(Fn.FMA, DType.F32, A + "[" + x + " / " + n + " * " + chunk + " + k]",
            B + "[k * " + n + " + " + x + " % " + n + "]", name + "[" + slot + "]") + ";");
    cx.barrier();
    cx.out.close();
    cx.bind(r, new CValue.Tile(name, lr));
  }

  /**
   * Writes the owned elements of {@code src} that fall in the current K-chunk: {@code k =
   * relative} is the element's position within the chunk (valid in {@code [0, width)}) and
   * {@code target} its index in the staged chunk.
   */
  private void writeChunk(TileLayout l, CValue src, String buf, String relative, int width, String target) {
    String slot = LoweringContext.SLOT;
    String e = LoweringContext.ELEMENT;
    cx.openSlotLoop(l);
    cx.out.line("const int " + e + " = " + cx.element(l) + ";");
    cx.out.line("const int k = " + relative + ";");
    cx.out.line("if (" + (l.hasPhantoms() ? e + " < " + l.numel() + " && " : "") + "k >= 0 && k < " + width + ") " + buf + "["
        + target + "] = " + src.at(slot) + ";");
    cx.out.close();
  }

  /** The largest divisor of K whose A and B chunks fit the dot budget. */
  private int chunkSize(int m, int k, int n, Op.Dot o) {
    for (int c = k; c >= 1; c--) {
      if (k % c == 0 && (long) (m + n) * c * 4 <= LoweringContext.DOT_BUDGET) {
        return c;
      }
    }
    throw new KgenResourceLimitException(cx.kernel.name() + ": dot " + o.a().type() + " x " + o.b().type()
        + " cannot be staged: one column of A and one row of B take " + (m + n) * 4 + " bytes, more than the "
        + LoweringContext.DOT_BUDGET + "-byte shared budget; use smaller tiles");
  }
}
