package dev.kgen.codegen.c;

import dev.kgen.errors.KgenInternalError;
import dev.kgen.ir.Block;
import dev.kgen.ir.DType;
import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Blocks, loops, branches and early return. Control flow is uniform (the IR guarantees it), so
 * barriers inside loops and branches are reached by every thread. Loop-carried values live in
 * mutable register storage updated at the end of each iteration; branch results in storage
 * assigned by each branch. Pointers keep their base parameter and carry only their offsets.
 */
final class ControlFlowLowering {
  private final LoweringContext cx;
  private final KernelLowering visitor;
  private final TensorCoreDot tensorCoreDot;
  private final CopyPipeline pipeline;
  private final ReplicatedRows replicatedRows;

  ControlFlowLowering(LoweringContext cx, KernelLowering visitor, TensorCoreDot tensorCoreDot, ReplicatedRows replicatedRows) {
    this.cx = cx;
    this.replicatedRows = replicatedRows;
    this.visitor = visitor;
    this.tensorCoreDot = tensorCoreDot;
    this.pipeline = new CopyPipeline(cx, visitor::lower);
  }

  /** Lowers the ops of {@code b}; returns its trailing yield, or null. */
  Op.Yield block(Block b) {
    for (Op op : b.ops()) {
      if (op instanceof Op.Yield y) {
        if (op != b.ops().get(b.ops().size() - 1)) {
          throw new KgenInternalError(cx.kernel.name() + ": a yield is not the last op of its block");
        }
        return y;
      }
      if (cx.copies.leavesOut(op)) {
        Value r = op.results().isEmpty() ? null : op.results().get(0);
        if (r != null && cx.copies.buffer(r) != null) { // a dequantized operand: the dot converts its copy
          cx.bind(r, new CValue.Tile(cx.name(r), cx.layout(r)));
        }
        continue;
      }
      visitor.lower(op);
    }
    return null;
  }

  void forLoop(Op.For o) {
    String lo = scalar(o.lo(), o);
    String hi = scalar(o.hi(), o);
    List<CValue> carried = new ArrayList<>();
    for (int i = 0; i < o.carried().size(); i++) {
      Value c = o.carried().get(i);
      TileLayout rows = replicatedRows.plan().rows(c);
      if (rows != null) { // held in rows, and read only so inside the loop
        CValue.Tile storage = rowStorage(c, rows, cx.name(c));
        cx.assign(storage, replicatedRows.in(o.inits().get(i), rows));
        cx.bind(c, new CValue.Replicated(storage, null));
        carried.add(storage);
        continue;
      }
      CValue init = cx.get(o.inits().get(i));
      CValue storage = storageFor(c, init);
      assign(storage, init);
      cx.bind(c, storage);
      carried.add(storage);
    }
    int sharedBase = cx.sharedBase();
    List<Value> held = tensorCoreDot.beginLoop(o);
    CopyPipeline.Plan ahead = cx.copies.pipeline(o);
    CopyPipeline.Plan refill = cx.copies.refill(o);
    if (ahead != null || refill != null) {
      pipeline.prologue(o, ahead != null ? ahead : refill, lo, hi);
    }
    String iv = cx.name(o.iv());
    cx.bind(o.iv(), new CValue.Scalar(iv));
    cx.out.open("for (int " + iv + " = " + lo + "; " + iv + " < " + hi + "; ++" + iv + ")");
    if (ahead != null) {
      pipeline.prefetch(o, ahead, iv, lo, hi);
    }
    if (refill != null) {
      Map<Value, CValue> preloaded = pipeline.preload(o, refill, iv, hi);
      cx.copies.refillWith(o, b -> pipeline.refill(o, refill, b, iv, hi, preloaded));
    }
    Op.Yield y = block(o.body());
    cx.copies.refillWith(o, null);
    if (y == null || y.values().size() != carried.size()) {
      throw new KgenInternalError(cx.kernel.name() + ": a loop body does not end with a yield of its " + carried.size()
          + " carried values");
    }
    yieldInto(carried, y.values());
    cx.out.close();
    tensorCoreDot.endLoop(held, sharedBase);
    for (int i = 0; i < o.results().size(); i++) {
      Value r = o.results().get(i);
      CValue c = carried.get(i); // the final values are the carried storage
      if (rowsLayout(c) != null) {
        replicatedRows.bind(r, (CValue.Tile) c);
      } else {
        cx.bind(r, c);
      }
    }
  }

  /** The rows layout of carried storage held in rows, else null. */
  private static TileLayout rowsLayout(CValue storage) {
    return storage instanceof CValue.Tile t && t.layout().replicated() ? t.layout() : null;
  }

  /** Mutable storage for {@code v} held in {@code rows}. */
  private CValue.Tile rowStorage(Value v, TileLayout rows, String name) {
    cx.out.line(cx.type(storedDType(v)) + " " + name + "[" + rows.slots() + "];");
    return new CValue.Tile(name, rows);
  }

  void ifOp(Op.If o) {
    String cond = scalar(o.cond(), o);
    if (o.results().isEmpty()) {
      cx.out.open("if (" + cond + ")");
      block(o.then());
      if (!o.otherwise().ops().isEmpty()) {
        cx.out.reopen("} else {");
        block(o.otherwise());
      }
      cx.out.close();
      return;
    }
    List<CValue> results = new ArrayList<>();
    for (Value r : o.results()) {
      String n = cx.name(r);
      results.add(cx.storage(r, cx.type(storedDType(r)), n));
    }
    cx.out.open("if (" + cond + ")");
    List<CValue> fromThen = branch(o.then(), results);
    cx.out.reopen("} else {");
    List<CValue> fromElse = branch(o.otherwise(), results);
    cx.out.close();
    for (int i = 0; i < results.size(); i++) {
      Value r = o.results().get(i);
      CValue c = results.get(i);
      if (r.type().pointer()) {
        CValue.Pointer a = (CValue.Pointer) fromThen.get(i);
        CValue.Pointer b = (CValue.Pointer) fromElse.get(i);
        if (a.base() != b.base()) {
          throw new KgenInternalError(cx.kernel.name() + ": branch result " + r + " points into " + a.base().name()
              + " in one branch and " + b.base().name() + " in the other; the emitter needs one base parameter");
        }
        c = new CValue.Pointer(a.base(), a.baseName(), c);
      }
      cx.bind(r, c);
    }
  }

  void ret() {
    cx.out.line("return;");
  }

  /** Lowers one branch with results and assigns its yield to the result storage. */
  private List<CValue> branch(Block b, List<CValue> results) {
    Op.Yield y = block(b);
    if (y == null || y.values().size() != results.size()) {
      throw new KgenInternalError(cx.kernel.name() + ": a branch does not end with a yield of its " + results.size()
          + " results");
    }
    List<CValue> yielded = y.values().stream().map(cx::get).toList();
    for (int i = 0; i < results.size(); i++) {
      assign(results.get(i), yielded.get(i));
    }
    return yielded;
  }

  /** Mutable storage for a carried value, shaped like its initial value. */
  private CValue storageFor(Value c, CValue init) {
    String n = cx.name(c);
    CValue s = cx.storage(c, cx.type(storedDType(c)), n);
    if (init instanceof CValue.Pointer p) {
      return new CValue.Pointer(p.base(), p.baseName(), s);
    }
    return s;
  }

  /** Values are stored in their compute dtype; pointers as their 64-bit offsets. */
  private static DType storedDType(Value v) {
    return v.type().pointer() ? DType.I64 : IntrinsicTable.computeDType(v.dtype());
  }

  /** {@code storage = value}; pointers assign offsets and must keep their base. */
  private void assign(CValue storage, CValue value) {
    if (storage instanceof CValue.Pointer s) {
      CValue.Pointer v = (CValue.Pointer) value;
      if (s.base() != v.base()) {
        throw new KgenInternalError(cx.kernel.name() + ": a pointer changes its base parameter from " + s.base().name()
            + " to " + v.base().name() + "; the emitter needs one base parameter per pointer value");
      }
      cx.assign(s.offsets(), v.offsets());
      return;
    }
    cx.assign(storage, value);
  }

  /**
   * Assigns the yielded values to the carried storage. If a yielded value is another carried
   * value (a swap), all are first copied to temporaries so no update reads an updated value.
   */
  private void yieldInto(List<CValue> storage, List<Value> yielded) {
    List<CValue> values = new ArrayList<>();
    for (int i = 0; i < yielded.size(); i++) {
      TileLayout rows = rowsLayout(storage.get(i));
      values.add(rows != null ? replicatedRows.in(yielded.get(i), rows) : cx.get(yielded.get(i)));
    }
    Set<String> storageNames = new HashSet<>();
    storage.forEach(s -> storageNames.add(variable(s)));
    boolean aliased = false;
    for (int i = 0; i < values.size(); i++) {
      String v = variable(values.get(i));
      if (storageNames.contains(v) && !v.equals(variable(storage.get(i)))) {
        aliased = true;
      }
    }
    if (!aliased) {
      for (int i = 0; i < values.size(); i++) {
        if (!variable(values.get(i)).equals(variable(storage.get(i)))) {
          assign(storage.get(i), values.get(i));
        }
      }
      return;
    }
    List<CValue> temps = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      Value y = yielded.get(i);
      TileLayout rows = rowsLayout(storage.get(i));
      CValue t = rows != null ? rowStorage(y, rows, cx.names.internal("kgen_next"))
          : cx.storage(y, cx.type(storedDType(y)), cx.names.internal("kgen_next"));
      CValue v = values.get(i);
      CValue tv = v instanceof CValue.Pointer p ? new CValue.Pointer(p.base(), p.baseName(), t) : t;
      assign(tv, v);
      temps.add(tv);
    }
    for (int i = 0; i < values.size(); i++) {
      assign(storage.get(i), temps.get(i));
    }
  }

  /** The C variable behind a value (its array or expression; a pointer's offsets). */
  private static String variable(CValue c) {
    if (c instanceof CValue.Pointer p) {
      return variable(p.offsets());
    }
    if (c instanceof CValue.Tile t) {
      return t.array();
    }
    return c.at("");
  }

  private String scalar(Value v, Op op) {
    CValue c = cx.get(v);
    if (!(c instanceof CValue.Scalar s)) {
      throw new KgenInternalError(cx.kernel.name() + ": " + op.getClass().getSimpleName() + " needs the scalar " + v
          + " but the emitter holds " + c);
    }
    return s.expr();
  }
}
