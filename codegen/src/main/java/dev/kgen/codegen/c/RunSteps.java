package dev.kgen.codegen.c;

import dev.kgen.ir.BinaryOp;
import dev.kgen.ir.Block;
import dev.kgen.ir.DType;
import dev.kgen.ir.Op;
import dev.kgen.ir.Shape;
import dev.kgen.ir.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the generator can prove, before any code runs, about how a tile changes within one run
 * of its layout: the {@code V} slots {@code c*V + v} hold consecutive elements of the innermost
 * axis ({@link TileLayout}), so each coordinate is either the same in the whole run or the
 * run's first plus {@code v}. Walking the ops that define a value (as {@link RematerializedElement}
 * does) turns that into a {@link Step}: element {@code v} of a run is the first plus {@code v}
 * times a stride that is a constant, or a constant times a uniform C expression (a stride
 * argument). A load whose offsets have such a step needs only the first offset of each run and
 * one test of the stride, instead of an offset per element and {@code V-1} compares the C
 * compiler cannot fold through the {@code / x} and {@code % x} of a 5-D cache index.
 *
 * <p>Integer values are treated as mathematical integers, as the per-element code is when it
 * does not overflow. Division and remainder are only followed for values known to be
 * non-negative, where truncation is floor.
 */
final class RunSteps {
  /**
   * Within a run, element {@code v} is the first plus {@code v * coefficient * symbol}
   * ({@code symbol} null: 1). {@code multiple}: the run's first element is a multiple of it (1
   * when nothing is known). {@code constant}: the value of a compile-time constant, else null;
   * {@code uniform}: the C expression of a value the same in every slot, else null.
   */
  record Step(long coefficient, String symbol, long multiple, boolean nonNegative, Long constant, String uniform) {
    /** The same in every slot of a run. */
    boolean invariant() {
      return coefficient == 0;
    }

    /** Consecutive within a run: the stride is the constant 1. */
    boolean unit() {
      return coefficient == 1 && symbol == null;
    }

    static Step invariant(long multiple, boolean nonNegative) {
      return new Step(0, null, Math.max(1, multiple), nonNegative, null, null);
    }

    static Step constant(long c) {
      return new Step(0, null, c == 0 ? LARGE : Math.abs(c), c >= 0, c, null);
    }
  }

  /** The multiple of zero: a power of two larger than any run. */
  private static final long LARGE = 1L << 30;
  private final LoweringContext cx;
  private final Function<Value, Op> definitions;
  private final Map<String, Step> memo = new HashMap<>();
  /** The loop of each induction variable. */
  private final Map<Value, Op.For> loops = new IdentityHashMap<>();
  private int vector;

  RunSteps(LoweringContext cx, Function<Value, Op> definitions) {
    this.cx = cx;
    this.definitions = definitions;
    collectLoops(cx.kernel.body());
  }

  private void collectLoops(Block b) {
    for (Op op : b.ops()) {
      if (op instanceof Op.For f) {
        loops.put(f.iv(), f);
      }
      op.blocks().forEach(this::collectLoops);
    }
  }

  /** The step of {@code v} (a tile in layout {@code l}; a pointer: its offsets) within a run, or null if unknown. */
  Step of(Value v, TileLayout l) {
    vector = l.vector();
    memo.clear();
    return at(v, axes(v.shape(), l));
  }

  /**
   * The step of 2-D {@code v} (a pointer: its offsets) along its columns within runs of
   * {@code run} elements that start at a multiple of {@code run}, at any row: whether longer
   * runs than a layout's are consecutive ({@link CopyOrder}). Null if unknown.
   */
  Step alongColumns(Value v, int run) {
    vector = run;
    memo.clear();
    return at(v, new ArrayList<>(List.of(Step.invariant(1, true), new Step(1, null, run, true, null, null))));
  }

  /**
   * The step of 2-D {@code v} (a pointer: its offsets) from one row to the next, within groups
   * of {@code rows} rows that start at a multiple of {@code rows}, at a column that is a
   * multiple of {@code run} ({@link CopyOrder}). Null if unknown.
   */
  Step alongRows(Value v, int rows, int run) {
    vector = rows;
    memo.clear();
    return at(v, new ArrayList<>(List.of(new Step(1, null, rows, true, null, null), Step.invariant(run, true))));
  }

  /** Each axis coordinate's step: the innermost is the run's lane, every other is the same in the run. */
  private List<Step> axes(Shape shape, TileLayout l) {
    int[] strides = shape.denseStrides();
    List<Step> c = new ArrayList<>();
    for (int d = 0; d < shape.rank(); d++) {
      if (shape.dim(d) == 1) {
        c.add(Step.constant(0));
      } else if (strides[d] == 1) {
        c.add(new Step(1, null, l.vector(), true, null, null)); // (run index % (n/V)) * V + v
      } else {
        c.add(strides[d] % l.vector() == 0 ? Step.invariant(1, true) : null); // e / s with V | s
      }
    }
    return c;
  }

  private Step at(Value v, List<Step> coords) {
    if (cx.isDefined(v)) {
      CValue c = cx.peek(v);
      CValue offsets = c instanceof CValue.Pointer p ? p.offsets() : c;
      if (offsets.uniform()) {
        Double k = c instanceof CValue.Pointer ? null : cx.constantOf(sameValue(v));
        if (k != null && k == Math.rint(k) && !v.dtype().isFloat()) {
          return Step.constant(k.longValue());
        }
        String expr = offsets.at("");
        return expr.matches("[0-9]+") ? Step.constant(Long.parseLong(expr))
            : v.dtype().isFloat() ? new Step(0, null, 1, false, null, expr)
            : new Step(0, null, multiple(v), nonNegative(v), null, expr);
      }
    }
    if (!cx.isDefined(v) && definitions.apply(v) == null && loops.containsKey(v)) {
      return Step.invariant(multiple(v), nonNegative(v)); // an induction variable before its loop is lowered
    }
    if (coords.contains(null)) {
      return null;
    }
    String key = v.id() + "@" + coords;
    if (memo.containsKey(key)) {
      return memo.get(key);
    }
    Step s = step(definitions.apply(v), v, coords);
    memo.put(key, s);
    return s;
  }

  private Step step(Op op, Value v, List<Step> coords) {
    if (op instanceof Op.Arange a) {
      return add(coords.get(0), Step.constant(a.start()));
    }
    if (op instanceof Op.Full f) { // a constant not lowered yet (the copies are planned before their loop)
      return !v.dtype().isFloat() && f.value() == Math.rint(f.value()) ? Step.constant((long) f.value()) : Step.invariant(1, false);
    }
    ViewCoordinates.Source<Step> viewed = ViewCoordinates.of(op, coords, Step.constant(0));
    if (viewed != null) {
      return at(viewed.value(), viewed.coordinates());
    }
    if (op instanceof Op.AddPtr a) {
      return add(at(a.ptr(), coords), at(a.offset(), coords));
    }
    if (op instanceof Op.Cast c) {
      return cast(c, at(c.x(), coords));
    }
    if (op instanceof Op.Binary b) {
      return binary(b, at(b.a(), coords), at(b.b(), coords));
    }
    if (op instanceof Op.Unary u) {
      Step x = at(u.x(), coords);
      return x != null && x.invariant() ? Step.invariant(1, false) : null;
    }
    if (op instanceof Op.Select s) {
      Step c = at(s.cond(), coords);
      Step a = at(s.a(), coords);
      Step b = at(s.b(), coords);
      if (c == null || a == null || b == null || !c.invariant()) {
        return null;
      }
      // the run takes one branch: its step, where both branches have the same one
      return sameStride(a, b) ? new Step(a.coefficient(), a.symbol(), gcd(a.multiple(), b.multiple()),
          a.nonNegative() && b.nonNegative(), null, null) : null;
    }
    if (op instanceof Op.Load l) {
      // every element of the run reads the same address under the same mask: one value
      Step p = at(l.ptr(), coords);
      Step m = l.mask() == null ? Step.constant(1) : at(l.mask(), coords);
      Step o = l.other() == null ? Step.constant(0) : at(l.other(), coords);
      return p != null && m != null && o != null && p.invariant() && m.invariant() && o.invariant()
          ? Step.invariant(1, false) : null;
    }
    return null; // parameters, block arguments, reductions, dots
  }

  /**
   * Whether the uniform integer {@code v} is never negative, by the ops that define it: program
   * ids, non-negative constants, a loop's induction variable whose start is non-negative, and
   * sums, products, quotients, remainders, maxima and minima of such values, through broadcasts
   * and widening casts ({@link #sameValue}; as mathematical integers, see the class comment). The start of a loop over a sequence's tiles
   * is one: its tokens {@code j * TILE + v} are then non-negative, so their block and the offset
   * in it are known per run.
   */
  private boolean nonNegative(Value v) {
    v = sameValue(v);
    Double k = cx.constantOf(v);
    if (k != null) {
      return k >= 0;
    }
    Op op = definitions.apply(v);
    if (op == null) {
      Op.For loop = loops.get(v);
      return loop != null && nonNegative(loop.lo());
    }
    if (op instanceof Op.ProgramId || op instanceof Op.NumPrograms) {
      return true;
    }
    if (op instanceof Op.Full f) {
      return f.value() >= 0;
    }
    if (op instanceof Op.Binary b && b.a().dtype().isInt()) {
      switch (b.op()) {
        case ADD:
        case MUL:
        case DIV:
        case REM:
        case MIN:
          return nonNegative(b.a()) && nonNegative(b.b());
        case MAX:
          return nonNegative(b.a()) || nonNegative(b.b());
        default:
          return false;
      }
    }
    return false;
  }

  /** A number the uniform integer {@code v} is known to be a multiple of, by its products, sums, remainders, constants and broadcasts. */
  private long multiple(Value v) {
    v = sameValue(v);
    Double k = cx.constantOf(v);
    if (k != null) {
      return k == 0 ? LARGE : Math.min(LARGE, Math.abs(k.longValue()));
    }
    Op op = definitions.apply(v);
    if (op instanceof Op.Binary b && b.a().dtype().isInt()) {
      switch (b.op()) {
        case MUL:
          return Math.min(LARGE, multiple(b.a()) * multiple(b.b()));
        case ADD:
        case SUB:
        case REM: // a - b * q: what divides a and b divides it
          return gcd(multiple(b.a()), multiple(b.b()));
        default:
          return 1;
      }
    }
    return 1;
  }

  /**
   * The value {@code v} repeats as it is: the source of its broadcasts, expand_dims and
   * widening integer casts, followed back as far as they go (the facts of a uniform value hold
   * for all of them).
   */
  private Value sameValue(Value v) {
    Op op = definitions.apply(v);
    if (op instanceof Op.Broadcast || op instanceof Op.ExpandDims) {
      return sameValue(op.operands().get(0));
    }
    return op instanceof Op.Cast c && widensInteger(c) ? sameValue(c.x()) : v;
  }

  /** An integer cast to at least as many bytes: every value is kept exactly. */
  private static boolean widensInteger(Op.Cast c) {
    DType from = c.x().dtype();
    DType to = c.result().dtype();
    return from.isInt() && to.isInt() && to.bytes() >= from.bytes();
  }

  private static Step cast(Op.Cast c, Step x) {
    if (x == null) {
      return null;
    }
    if (widensInteger(c)) {
      return new Step(x.coefficient(), x.symbol(), x.multiple(), x.nonNegative(), x.constant(), null);
    }
    return x.invariant() ? Step.invariant(1, false) : null;
  }

  private Step binary(Op.Binary o, Step a, Step b) {
    if (a == null || b == null) {
      return null;
    }
    boolean integers = o.a().dtype().isInt();
    switch (o.op()) {
      case ADD:
        return integers ? add(a, b) : invariantOrNull(a, b);
      case SUB:
        return integers ? add(a, negate(b)) : invariantOrNull(a, b);
      case MUL:
        return integers ? multiply(a, b) : invariantOrNull(a, b);
      case DIV:
      case REM:
        return integers ? divide(o.op() == BinaryOp.DIV, a, b) : invariantOrNull(a, b);
      case LT:
      case LE:
      case GT:
      case GE:
        return compare(o.op(), a, b);
      default:
        return invariantOrNull(a, b);
    }
  }

  /** Any op on two run-invariant operands is run-invariant. */
  private static Step invariantOrNull(Step a, Step b) {
    return a.invariant() && b.invariant() ? Step.invariant(1, false) : null;
  }

  private static boolean sameStride(Step a, Step b) {
    return a.coefficient() == b.coefficient() && (a.invariant() || Objects.equals(a.symbol(), b.symbol()));
  }

  private static Step add(Step a, Step b) {
    if (a == null || b == null) {
      return null;
    }
    long multiple = gcd(a.multiple(), b.multiple());
    boolean nonNegative = a.nonNegative() && b.nonNegative();
    if (a.constant() != null && b.constant() != null) {
      return Step.constant(a.constant() + b.constant());
    }
    if (b.invariant() || a.invariant() || Objects.equals(a.symbol(), b.symbol())) {
      String symbol = a.invariant() ? b.symbol() : a.symbol();
      return new Step(a.coefficient() + b.coefficient(), a.coefficient() + b.coefficient() == 0 ? null : symbol, multiple,
          nonNegative, null, null);
    }
    return null;
  }

  private static Step negate(Step b) {
    if (b.constant() != null) {
      return Step.constant(-b.constant());
    }
    return new Step(-b.coefficient(), b.symbol(), b.multiple(), false, null, null);
  }

  private static Step multiply(Step a, Step b) {
    if (b.constant() != null || a.constant() == null && b.uniform() != null) {
      Step t = a;
      a = b;
      b = t; // a is now the constant or uniform factor, if there is one
    }
    long multiple = Math.min(LARGE, a.multiple() * b.multiple());
    boolean nonNegative = a.nonNegative() && b.nonNegative();
    if (a.constant() != null && b.constant() != null) {
      return Step.constant(a.constant() * b.constant());
    }
    if (a.constant() != null) {
      long k = a.constant();
      return new Step(b.coefficient() * k, k == 0 ? null : b.symbol(), multiple, nonNegative, null, null);
    }
    if (b.invariant()) {
      return new Step(0, null, multiple, nonNegative, null, null);
    }
    if (a.uniform() != null && b.symbol() == null) {
      return new Step(b.coefficient(), a.uniform(), multiple, nonNegative, null, null);
    }
    return null;
  }

  /**
   * {@code a / k} and {@code a % k} for a constant {@code k > 0}. With {@code a = f + v},
   * {@code f >= 0} a multiple of {@code V} and {@code V | k}, the run stays within one multiple
   * of {@code k}: the quotient is the same in the run and the remainder is {@code f % k + v}.
   */
  private Step divide(boolean quotient, Step a, Step b) {
    if (b.constant() == null || b.constant() <= 0) {
      return a.invariant() && b.invariant() ? Step.invariant(1, false) : null;
    }
    long k = b.constant();
    if (a.invariant()) {
      return Step.invariant(quotient ? 1 : gcd(a.multiple(), k), a.nonNegative());
    }
    if (a.unit() && a.nonNegative() && a.multiple() % vector == 0 && k % vector == 0) {
      return quotient ? Step.invariant(1, true) : new Step(1, null, gcd(a.multiple(), k), true, null, null);
    }
    return null;
  }

  /**
   * A comparison is run-invariant when both sides are, or when one side is {@code f + v} with
   * {@code f} a multiple of {@code V} and the other a constant bound that is too: {@code f + v < n}
   * then holds exactly when {@code f < n}.
   */
  private Step compare(BinaryOp op, Step a, Step b) {
    if (a.invariant() && b.invariant()) {
      return Step.invariant(1, true);
    }
    if (a.invariant()) { // n op x: the same as x op' n
      Step t = a;
      a = b;
      b = t;
      op = op == BinaryOp.LT ? BinaryOp.GT : op == BinaryOp.GT ? BinaryOp.LT : op == BinaryOp.LE ? BinaryOp.GE : BinaryOp.LE;
    }
    if (!a.unit() || a.multiple() % vector != 0 || b.constant() == null) {
      return null;
    }
    // x < n and x >= n split runs at n; x <= n and x > n at n + 1
    long edge = op == BinaryOp.LT || op == BinaryOp.GE ? b.constant() : b.constant() + 1;
    return Math.floorMod(edge, vector) == 0 ? Step.invariant(1, true) : null;
  }

  private static long gcd(long a, long b) {
    a = Math.abs(a);
    b = Math.abs(b);
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return Math.max(1, Math.min(a, LARGE));
  }
}
