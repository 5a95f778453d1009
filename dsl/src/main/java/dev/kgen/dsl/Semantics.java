package dev.kgen.dsl;

import dev.kgen.ir.BinaryOp;
import dev.kgen.ir.DType;
import dev.kgen.ir.Op;
import dev.kgen.ir.ReduceOp;
import dev.kgen.ir.Shape;
import dev.kgen.ir.Type;
import dev.kgen.ir.UnaryOp;
import dev.kgen.ir.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The semantic layer between the {@link Tile} surface and the IR: type promotion,
 * broadcasting, checks with messages that name the op, its operands and the kernel line, and
 * IR construction into the block being built.
 *
 * <p>Promotion rules for binary arithmetic, comparisons and {@code where}:
 *
 * <ol>
 *   <li>A literal adopts the other operand's dtype, except a fractional literal with an integer
 *       or boolean tile, which makes fp32.
 *   <li>Equal dtypes stay.
 *   <li>fp8 never takes part in arithmetic: cast it to fp16, bf16 or fp32 first.
 *   <li>Float with integer or boolean: the float dtype.
 *   <li>Two floats: the wider; fp16 with bf16 gives fp32.
 *   <li>Two integers: the wider; a boolean with an integer gives the integer.
 * </ol>
 */
final class Semantics {
  private int nextId;
  private final Deque<List<Op>> blocks = new ArrayDeque<>();
  private final Map<Value, String> names = new HashMap<>();

  Semantics() {
    blocks.push(new ArrayList<>());
  }

  // ---- building state -------------------------------------------------------------------

  Value newValue(Type type, String name) {
    return new Value(nextId++, type, name);
  }

  int nextId() {
    return nextId;
  }

  Map<Value, String> names() {
    return names;
  }

  void emit(Op op) {
    blocks.peek().add(op);
  }

  void openBlock() {
    blocks.push(new ArrayList<>());
  }

  List<Op> closeBlock() {
    return blocks.pop();
  }

  boolean atTopLevel() {
    return blocks.size() == 1;
  }

  Tile wrap(Value v) {
    return new Tile(this, v);
  }

  private Tile result(Type type, java.util.function.Function<Value, Op> make) {
    Value v = newValue(type, null);
    emit(make.apply(v));
    return wrap(v);
  }

  Tile name(Tile t, String name) {
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new DslException("as(\"" + name + "\"): a name must be an identifier");
    }
    names.put(t.value, name);
    return t;
  }

  // ---- literals and constants -----------------------------------------------------------

  /** A literal not yet typed: rule 1 types it against the other operand. */
  Tile literal(long v) {
    return new Literal(this, v, false);
  }

  Tile literal(double v) {
    return new Literal(this, v, true);
  }

  Tile full(Shape shape, double v, DType dtype) {
    return result(Type.tile(dtype, shape), r -> new Op.Full(r, dtype.convert(v)));
  }

  // ---- promotion and broadcasting -------------------------------------------------------

  static DType promote(String op, DType a, DType b) {
    if (a.isFp8() || b.isFp8()) {
      throw new DslException(op + ": fp8 operands (" + a + ", " + b
          + ") do not take part in arithmetic; cast with .to(fp32) first");
    }
    if (a == b) {
      return a;
    }
    if (a.isFloat() && !b.isFloat()) {
      return a;
    }
    if (b.isFloat() && !a.isFloat()) {
      return b;
    }
    if (a.isFloat()) {
      if ((a == DType.F16 && b == DType.BF16) || (a == DType.BF16 && b == DType.F16)) {
        return DType.F32;
      }
      return a.bytes() >= b.bytes() ? a : b;
    }
    if (a.isBool()) {
      return b;
    }
    if (b.isBool()) {
      return a;
    }
    return a.bytes() >= b.bytes() ? a : b;
  }

  private Tile typeLiteral(Tile lit, DType other, Shape shape) {
    Literal l = (Literal) lit;
    DType d = l.fractional && !other.isFloat() ? DType.F32 : other;
    if (d == DType.I1) {
      d = DType.I32;
    }
    return full(shape, l.value, d);
  }

  static Shape broadcastShape(String op, Shape a, Shape b) {
    int rank = Math.max(a.rank(), b.rank());
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i - (rank - a.rank()) >= 0 ? a.dim(i - (rank - a.rank())) : 1;
      int db = i - (rank - b.rank()) >= 0 ? b.dim(i - (rank - b.rank())) : 1;
      if (da != db && da != 1 && db != 1) {
        throw new DslException(op + ": cannot broadcast shapes " + a + " and " + b + ": dimension " + i
            + " is " + da + " vs " + db + "; each dimension must match or be 1 (use col()/row() to add axes)");
      }
      out[i] = Math.max(da, db);
    }
    return Shape.of(out);
  }

  Tile broadcastTo(Tile t, Shape target) {
    Shape s = t.shape();
    if (s.equals(target)) {
      return t;
    }
    if (s.rank() > target.rank()) {
      throw new DslException("broadcast: cannot broadcast " + t.type() + " to " + target + ": the target has fewer dimensions");
    }
    Shape check = broadcastShape("broadcast", s, target);
    if (!check.equals(target)) {
      throw new DslException("broadcast: cannot broadcast " + t.type() + " to " + target);
    }
    Tile x = t;
    if (!s.isScalar()) {
      while (x.shape().rank() < target.rank()) {
        x = expandDims(x, 0);
      }
    }
    Tile src = x;
    return result(t.type().withShape(target), r -> new Op.Broadcast(r, src.value));
  }

  Tile cast(Tile t, DType d) {
    if (t instanceof Literal l) {
      return full(Shape.SCALAR, l.value, d);
    }
    if (t.type().pointer()) {
      throw new DslException("to(" + d + "): cannot convert the pointer tile " + t.type() + "; load through it first");
    }
    if (t.dtype() == d) {
      return t;
    }
    return result(Type.tile(d, t.shape()), r -> new Op.Cast(r, t.value));
  }

  /** Types both operands (rule 1 for literals, rules 2-6), and broadcasts them to one shape. */
  private Tile[] unify(String op, Tile a, Tile b, boolean promote) {
    if (a instanceof Literal && b instanceof Literal) {
      throw new DslException(op + ": both operands are Java literals; compute constants in Java");
    }
    checkNotPointer(op, a);
    checkNotPointer(op, b);
    Shape shape = broadcastShape(op, a.shape(), b.shape());
    if (a instanceof Literal) {
      a = typeLiteral(a, b.dtype(), shape);
    }
    if (b instanceof Literal) {
      b = typeLiteral(b, a.dtype(), shape);
    }
    if (promote) {
      DType d = promote(op, a.dtype(), b.dtype());
      a = cast(a, d);
      b = cast(b, d);
    }
    return new Tile[] {broadcastTo(a, shape), broadcastTo(b, shape)};
  }

  private static void checkNotPointer(String op, Tile t) {
    if (t.type().pointer()) {
      throw new DslException(op + ": the operand " + t.type() + " is a pointer; only add() takes pointers");
    }
  }

  // ---- elementwise ----------------------------------------------------------------------

  Tile add(Tile a, Tile b) {
    if (a.type().pointer() || b.type().pointer()) {
      return addPtr(a, b);
    }
    return binary(BinaryOp.ADD, a, b);
  }

  private Tile addPtr(Tile a, Tile b) {
    Tile ptr = a.type().pointer() ? a : b;
    Tile off = a.type().pointer() ? b : a;
    if (off.type().pointer()) {
      throw new DslException("add: cannot add two pointers " + a.type() + " and " + b.type());
    }
    if (off instanceof Literal l) {
      if (l.fractional) {
        throw new DslException("add: pointer offset " + l.value + " must be an integer");
      }
      off = full(Shape.SCALAR, l.value, DType.I32);
    }
    if (!off.dtype().isInt()) {
      throw new DslException("add: pointer offsets must be i32 or i64, got " + off.type() + " for " + ptr.type());
    }
    Shape shape = broadcastShape("add", ptr.shape(), off.shape());
    Tile p = broadcastTo(ptr, shape);
    Tile o = broadcastTo(off, shape);
    return result(ptr.type().withShape(shape), r -> new Op.AddPtr(r, p.value, o.value));
  }

  Tile binary(BinaryOp op, Tile a, Tile b) {
    Tile[] ab = unify(op.irName(), a, b, true);
    DType d = ab[0].dtype();
    if (op.isBitwise() && d.isFloat()) {
      throw new DslException(op.irName() + ": bitwise operations need integer or boolean operands, got "
          + ab[0].type() + " and " + ab[1].type());
    }
    if ((op == BinaryOp.REM) && d.isFloat()) {
      throw new DslException("rem: needs integer operands, got " + ab[0].type() + " and " + ab[1].type());
    }
    Type t = Type.tile(op.isComparison() ? DType.I1 : d, ab[0].shape());
    return result(t, r -> new Op.Binary(r, op, ab[0].value, ab[1].value));
  }

  Tile trueDiv(Tile a, Tile b) {
    Tile[] ab = unify("div", a, b, true);
    Tile x = ab[0];
    Tile y = ab[1];
    if (!x.dtype().isFloat()) {
      x = cast(x, DType.F32);
      y = cast(y, DType.F32);
    }
    Tile fx = x;
    Tile fy = y;
    return result(fx.type(), r -> new Op.Binary(r, BinaryOp.DIV, fx.value, fy.value));
  }

  Tile intDiv(Tile a, Tile b) {
    Tile[] ab = unify("intDiv", a, b, true);
    if (!ab[0].dtype().isInt()) {
      throw new DslException("intDiv: needs integer operands, got " + ab[0].type() + " and " + ab[1].type()
          + "; use div() for floats");
    }
    return result(ab[0].type(), r -> new Op.Binary(r, BinaryOp.DIV, ab[0].value, ab[1].value));
  }

  Tile intRem(Tile a, Tile b) {
    return binary(BinaryOp.REM, a, b);
  }

  Tile unary(UnaryOp op, Tile x) {
    checkNotPointer(op.irName(), x);
    if (x instanceof Literal) {
      throw new DslException(op.irName() + ": the operand is a Java literal; compute it in Java");
    }
    if (op.floatOnly() && !x.dtype().isFloat()) {
      throw new DslException(op.irName() + ": needs a floating-point operand, got " + x.type() + "; cast with .to(fp32)");
    }
    if (x.dtype().isFp8()) {
      throw new DslException(op.irName() + ": fp8 operand " + x.type() + " does not take part in arithmetic; cast with .to(fp32) first");
    }
    if (op == UnaryOp.NOT && !x.dtype().isBool() && !x.dtype().isInt()) {
      throw new DslException("not: needs a boolean or integer operand, got " + x.type());
    }
    return result(x.type(), r -> new Op.Unary(r, op, x.value));
  }

  Tile where(Tile cond, Tile a, Tile b) {
    if (cond instanceof Literal) {
      throw new DslException("where: the condition is a Java literal; choose in Java instead");
    }
    if (!cond.dtype().isBool()) {
      throw new DslException("where: the condition must be i1 (a comparison), got " + cond.type());
    }
    Tile[] ab = unify("where", a, b, true);
    Shape shape = broadcastShape("where", cond.shape(), ab[0].shape());
    Tile c = broadcastTo(cond, shape);
    Tile x = broadcastTo(ab[0], shape);
    Tile y = broadcastTo(ab[1], shape);
    return result(x.type(), r -> new Op.Select(r, c.value, x.value, y.value));
  }

  // ---- shape ops ------------------------------------------------------------------------

  Tile expandDims(Tile t, int axis) {
    if (axis < 0 || axis > t.shape().rank()) {
      throw new DslException("expandDims(" + axis + "): axis out of range for " + t.type() + "; expected 0.." + t.shape().rank());
    }
    return result(t.type().withShape(t.shape().withAxisInserted(axis)), r -> new Op.ExpandDims(r, t.value, axis));
  }

  Tile trans(Tile t) {
    if (t.shape().rank() != 2) {
      throw new DslException("trans: expected a 2-D tile, got " + t.type());
    }
    if (t.type().pointer()) {
      throw new DslException("trans: " + t.type() + " is a tile of pointers; transpose the offsets before adding them");
    }
    return result(t.type().withShape(Shape.of(t.shape().dim(1), t.shape().dim(0))), r -> new Op.Trans(r, t.value));
  }

  Tile reduce(ReduceOp op, Tile t, int axis) {
    if (axis < 0 || axis >= t.shape().rank()) {
      throw new DslException(op.irName() + "(axis=" + axis + "): axis out of range for " + t.type()
          + "; expected 0.." + (t.shape().rank() - 1));
    }
    if (t.type().pointer() || t.dtype().isFp8() || t.dtype().isBool()) {
      throw new DslException(op.irName() + ": cannot reduce " + t.type() + "; cast to fp32 or an integer type first");
    }
    return result(t.type().withShape(t.shape().withoutAxis(axis)), r -> new Op.Reduce(r, op, t.value, axis));
  }

  Tile dot(Tile a, Tile b) {
    if (a.shape().rank() != 2 || b.shape().rank() != 2) {
      throw new DslException("dot: operands must be 2-D, got " + a.type() + " and " + b.type());
    }
    if (a.shape().dim(1) != b.shape().dim(0)) {
      throw new DslException("dot: inner dimensions differ: a is " + a.type() + " and b is " + b.type()
          + "; a's columns must equal b's rows");
    }
    if (!a.dtype().isFloat() || !b.dtype().isFloat() || a.dtype().isFp8() || b.dtype().isFp8()) {
      throw new DslException("dot: operands must be fp16, bf16 or fp32, got " + a.type() + " and " + b.type());
    }
    if (a.dtype() != b.dtype()) {
      throw new DslException("dot: operand dtypes differ: " + a.type() + " and " + b.type() + "; cast one with .to()");
    }
    Shape s = Shape.of(a.shape().dim(0), b.shape().dim(1));
    return result(Type.tile(DType.F32, s), r -> new Op.Dot(r, a.value, b.value));
  }

  Tile arange(int start, int end) {
    int n = end - start;
    if (n <= 0 || Integer.bitCount(n) != 1) {
      int pow2 = n <= 0 ? 1 : Integer.highestOneBit(n - 1) << 1;
      throw new DslException("arange(" + start + ", " + end + "): the range must be a power of two; use "
          + pow2 + " and mask offs < " + n);
    }
    return result(Type.tile(DType.I32, Shape.of(n)), r -> new Op.Arange(r, start, end));
  }

  // ---- memory ---------------------------------------------------------------------------

  Tile load(Tile ptr, Tile mask, Tile other) {
    if (!ptr.type().pointer()) {
      throw new DslException("load: expected a pointer tile, got " + ptr.type());
    }
    Tile m = mask == null ? null : checkMask("load", mask, ptr.shape());
    Tile o = null;
    if (other != null) {
      if (other instanceof Literal l) {
        o = full(ptr.shape(), l.value, ptr.dtype());
      } else {
        o = broadcastTo(cast(other, ptr.dtype()), ptr.shape());
      }
    }
    Tile fm = m;
    Tile fo = o;
    return result(Type.tile(ptr.dtype(), ptr.shape()),
        r -> new Op.Load(r, ptr.value, fm == null ? null : fm.value, fo == null ? null : fo.value));
  }

  void store(Tile ptr, Tile value, Tile mask) {
    if (!ptr.type().pointer()) {
      throw new DslException("store: expected a pointer tile, got " + ptr.type());
    }
    Tile v = value instanceof Literal l ? full(ptr.shape(), l.value, ptr.dtype())
        : broadcastTo(cast(value, ptr.dtype()), ptr.shape());
    Tile m = mask == null ? null : checkMask("store", mask, ptr.shape());
    emit(new Op.Store(ptr.value, v.value, m == null ? null : m.value));
  }

  Tile atomicAdd(Tile ptr, Tile value, boolean relaxed) {
    if (!ptr.type().pointer() || !ptr.shape().isScalar() || ptr.dtype() != DType.I32) {
      throw new DslException("atomic_add: expected a scalar pointer to i32, got " + ptr.type());
    }
    Tile v = value instanceof Literal l ? full(Shape.SCALAR, l.value, DType.I32) : value;
    if (!v.shape().isScalar() || v.dtype() != DType.I32) {
      throw new DslException("atomic_add: the value must be an i32 scalar, got " + v.type());
    }
    return result(Type.scalar(DType.I32), r -> new Op.AtomicAdd(r, ptr.value, v.value, relaxed));
  }

  private Tile checkMask(String op, Tile mask, Shape shape) {
    if (mask instanceof Literal || !mask.dtype().isBool()) {
      throw new DslException(op + ": the mask must be an i1 tile (a comparison), got " + mask.type());
    }
    Shape s = broadcastShape(op, mask.shape(), shape);
    if (!s.equals(shape)) {
      throw new DslException(op + ": the mask " + mask.type() + " does not broadcast to the pointer shape " + shape);
    }
    return broadcastTo(mask, shape);
  }

  /** A Java number waiting for an operand to give it a dtype (promotion rule 1). */
  static final class Literal extends Tile {
    final double value;
    final boolean fractional;

    Literal(Semantics sem, double value, boolean fractional) {
      super(sem, new Value(-1, Type.scalar(fractional ? DType.F32 : DType.I32), null));
      this.value = value;
      this.fractional = fractional;
    }
  }
}
