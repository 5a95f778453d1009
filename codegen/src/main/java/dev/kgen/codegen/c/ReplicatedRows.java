package dev.kgen.codegen.c;

import dev.kgen.errors.KgenInternalError;
import dev.kgen.ir.DType;
import dev.kgen.ir.Op;
import dev.kgen.ir.Shape;
import dev.kgen.ir.Value;

/**
 * Values held in the rows of a parent's layout ({@link ReplicatedRowsPlan}): binding them with
 * the canonical form their other readers need, reading operands into rows, and broadcasting
 * rows back over a tile. A broadcast whose every result slot finds its row in a slot of the
 * same thread is a register copy; any other conversion goes through the shared buffer, as
 * {@link StagedLowering} does, with only the first of each row's replicas writing.
 */
final class ReplicatedRows {
  private final LoweringContext cx;
  private final WarpReduction warpReduction;
  private final RematerializationCost recompute;
  private final RematerializedElement rematerialized;
  private final Restaging restaging;
  private ReplicatedRowsPlan plan;

  ReplicatedRows(LoweringContext cx, WarpReduction warpReduction, RematerializationCost recompute,
      RematerializedElement rematerialized, Restaging restaging) {
    this.cx = cx;
    this.warpReduction = warpReduction;
    this.recompute = recompute;
    this.rematerialized = rematerialized;
    this.restaging = restaging;
  }

  /** Which values are held in rows, planned on first use (its cost model has its own memo: see the plan). */
  ReplicatedRowsPlan plan() {
    if (plan == null) {
      plan = ReplicatedRowsPlan.of(cx.kernel, warpReduction, new RematerializationCost(cx));
    }
    return plan;
  }

  /** Binds {@code v}, computed into {@code rows}, adding its canonical form if other ops read it. */
  void bind(Value v, CValue.Tile rows) {
    bind(v, rows, null);
  }

  /**
   * {@link #bind(Value, CValue.Tile)}, where {@code canonical} (or null) already holds the same
   * elements in {@code v}'s own layout: the registers of an op that needs no code.
   */
  void bind(Value v, CValue.Tile rows, CValue.Tile canonical) {
    if (canonical == null && plan().needsCanonical(v)) {
      canonical = restaging.emit(cx.names.internal("kgen_all"), v.dtype(), rows, cx.layout(v), e -> e, "layout change of " + v.type());
    }
    cx.bind(v, new CValue.Replicated(rows, canonical));
  }

  /** Binds {@code v}, which the plan holds in rows, to {@code c}, what {@link #in} gave for it. */
  void bindResult(Value v, CValue c) {
    bindResult(v, c, null);
  }

  /** {@link #bindResult(Value, CValue)} with the canonical form, if any, of the same registers. */
  void bindResult(Value v, CValue c, CValue.Tile canonical) {
    if (!(c instanceof CValue.Tile t) || !t.layout().replicated()) {
      throw new KgenInternalError(cx.kernel.name() + ": " + v + " is planned in rows but computed as " + c);
    }
    bind(v, t, canonical);
  }

  /**
   * {@code v} in the rows layout {@code rows}: its rows when it is held so, a uniform value as
   * it is, its elements recomputed where that is cheap ({@link RematerializationCost}), else
   * gathered through shared memory.
   */
  CValue in(Value v, TileLayout rows) {
    CValue c = cx.peek(v);
    CValue.Tile from;
    if (c instanceof CValue.Replicated r) {
      cx.use(v);
      if (r.rows().layout().sameDistribution(rows)) {
        return r.rows();
      }
      from = r.rows();
    } else if (c.uniform()) {
      cx.use(v);
      return c;
    } else if (c instanceof CValue.Tile t) {
      if (recompute.worthRecomputing(v)) { // from its inputs: v's own registers are not read
        return rematerialized.emit(v, IntrinsicTable.computeDType(v.dtype()), rows, cx.names.internal("kgen_rows"));
      }
      cx.use(v);
      from = t;
    } else {
      throw new KgenInternalError(cx.kernel.name() + ": " + v + " (" + c + ") cannot be held in rows");
    }
    return restaging.emit(cx.names.internal("kgen_rows"), v.dtype(), from, rows, e -> e, "layout change of " + v.type());
  }

  /** The broadcast {@code o} of a value held in {@code src}: a register copy where each row is in the same thread. */
  CValue broadcast(Op.Broadcast o, CValue.Replicated src) {
    Value x = o.x();
    Value r = o.result();
    TileLayout rows = src.rows().layout();
    TileLayout to = cx.layout(r);
    int[] slotOf = sameThreadSlots(rows, x.shape(), to, r.shape());
    cx.use(x);
    String name = cx.name(r);
    if (slotOf == null) {
      return restaging.emit(name, x.dtype(), src.rows(), to, e -> StagedLowering.broadcastSource(x.shape(), r.shape(), e),
          "broadcast " + x.type() + " -> " + r.type());
    }
    cx.out.line(cx.type(IntrinsicTable.computeDType(r.dtype())) + " " + name + "[" + to.slots() + "];");
    cx.slotLoop(to, name + "[" + LoweringContext.SLOT + "] = " + src.rows().array() + "[" + slotExpr(slotOf, to) + "];");
    return new CValue.Tile(name, to);
  }

  /**
   * For each slot of {@code to} (the broadcast of {@code fromShape} to {@code toShape}), the
   * slot of {@code rows} that holds its source element in every thread, or null if some slot
   * has none.
   */
  static int[] sameThreadSlots(TileLayout rows, Shape fromShape, TileLayout to, Shape toShape) {
    int[] slotOf = new int[to.slots()];
    for (int s = 0; s < to.slots(); s++) {
      slotOf[s] = -1;
      for (int c = 0; c < rows.slots() && slotOf[s] < 0; c++) {
        if (holdsInEveryThread(rows, c, fromShape, to, s, toShape)) {
          slotOf[s] = c;
        }
      }
      if (slotOf[s] < 0) {
        return null;
      }
    }
    return slotOf;
  }

  private static boolean holdsInEveryThread(TileLayout rows, int c, Shape fromShape, TileLayout to, int s, Shape toShape) {
    for (int t = 0; t < to.threads(); t++) {
      int e = to.element(t, s);
      if (e < to.numel() && rows.element(t, c) != sourceElement(fromShape, toShape, e)) {
        return false;
      }
    }
    return true;
  }

  /** The row-major index in {@code from} of the element {@code e} of its broadcast {@code to}. */
  static int sourceElement(Shape from, Shape to, int e) {
    int[] toStrides = to.denseStrides();
    int[] fromStrides = from.denseStrides();
    int index = 0;
    for (int d = 0; d < to.rank(); d++) {
      if (from.dim(d) != 1) {
        index += e / toStrides[d] % to.dim(d) * fromStrides[d];
      }
    }
    return index;
  }

  /** A C expression for {@code slotOf[slot]}: the slot itself, its chunk, or a table lookup unrolled away. */
  private static String slotExpr(int[] slotOf, TileLayout to) {
    String slot = LoweringContext.SLOT;
    boolean identity = true;
    boolean chunk = true;
    boolean zero = true;
    for (int s = 0; s < slotOf.length; s++) {
      identity &= slotOf[s] == s;
      chunk &= slotOf[s] == s / to.vector();
      zero &= slotOf[s] == 0;
    }
    if (zero) {
      return "0";
    }
    if (identity) {
      return slot;
    }
    if (chunk) {
      return slot + " / " + to.vector();
    }
    StringBuilder table = new StringBuilder();
    for (int s = 0; s < slotOf.length - 1; s++) {
      table.append(slot).append(" == ").append(s).append(" ? ").append(slotOf[s]).append(" : ");
    }
    table.append(slotOf[slotOf.length - 1]);
    return "(" + table + ")";
  }
}
