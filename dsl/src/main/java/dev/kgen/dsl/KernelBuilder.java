package dev.kgen.dsl;

import dev.kgen.ir.Block;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Op;
import dev.kgen.ir.OpRewriter;
import dev.kgen.ir.Param;
import dev.kgen.ir.Shape;
import dev.kgen.ir.Type;
import dev.kgen.ir.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a {@link KernelBody} builds with: parameters, constexprs, and the ops of Triton's
 * {@code tl.*} that are not methods of a {@link Tile}. One builder traces one specialization.
 */
public final class KernelBuilder {
  private final String kernelName;
  private final Map<String, Object> bound;
  private final Map<String, ConstexprDecl> decls;
  private final Semantics sem = new Semantics();
  private final List<Param> params = new ArrayList<>();

  private KernelBuilder(String kernelName, Map<String, Object> bound, Map<String, ConstexprDecl> decls) {
    this.kernelName = kernelName;
    this.bound = bound;
    this.decls = decls;
  }

  static Kernel trace(String name, Map<String, Object> bound, Map<String, ConstexprDecl> decls, KernelBody body) {
    KernelBuilder k = new KernelBuilder(name, bound, decls);
    body.build(k);
    return k.finish();
  }

  private Kernel finish() {
    List<Op> ops = sem.closeBlock();
    // Give named values their names: values are immutable, so rebuild them once here.
    Map<Value, Value> renamed = new HashMap<>();
    sem.names().forEach((v, n) -> renamed.put(v, new Value(v.id(), v.type(), n)));
    OpRewriter rw = new OpRewriter(v -> renamed.getOrDefault(v, v));
    Kernel.Builder kb = Kernel.builder(kernelName).body(rw.block(new Block(ops))).nextValueId(sem.nextId());
    for (Param p : params) {
      kb.addParam(new Param(p.name(), renamed.getOrDefault(p.value(), p.value())));
    }
    bound.forEach(kb::constexpr);
    return kb.build();
  }

  // ---- constexprs -----------------------------------------------------------------------

  private Object constexpr(String name, ConstexprDecl.Kind kind) {
    ConstexprDecl d = decls.get(name);
    if (d == null) {
      throw new DslException("kernel " + kernelName + " reads constexpr '" + name + "', which it does not declare; declared: "
          + String.join(", ", decls.keySet()));
    }
    if (d.kind() != kind) {
      throw new DslException("constexpr " + name + " is declared " + d.kind().name().toLowerCase() + ", read as "
          + kind.name().toLowerCase());
    }
    return bound.get(name);
  }

  /** The bound value of an int constexpr. */
  public int constInt(String name) {
    return (Integer) constexpr(name, ConstexprDecl.Kind.INT);
  }

  /** The bound value of a bool constexpr; a Java {@code if} on it is a compile-time branch. */
  public boolean constBool(String name) {
    return (Boolean) constexpr(name, ConstexprDecl.Kind.BOOL);
  }

  public DType constDType(String name) {
    return (DType) constexpr(name, ConstexprDecl.Kind.DTYPE);
  }

  // ---- parameters -----------------------------------------------------------------------

  private Tile param(String name, Type type) {
    if (!sem.atTopLevel()) {
      throw new DslException("parameter " + name + " must be declared at the top level of the kernel body");
    }
    for (Param p : params) {
      if (p.name().equals(name)) {
        throw new DslException("parameter " + name + " is declared twice");
      }
    }
    if (decls.containsKey(name)) {
      throw new DslException("parameter " + name + " has the name of a constexpr");
    }
    Value v = sem.newValue(type, name);
    params.add(new Param(name, v));
    return sem.wrap(v);
  }

  /** A pointer argument to elements of {@code dtype}. */
  public Tile pointer(String name, DType dtype) {
    return param(name, Type.pointerTo(dtype));
  }

  /** A run-time scalar argument. */
  public Tile scalar(String name, DType dtype) {
    return param(name, Type.scalar(dtype));
  }

  // ---- values ---------------------------------------------------------------------------

  public Tile programId(int axis) {
    checkAxis("programId", axis);
    Value v = sem.newValue(Type.scalar(DType.I32), null);
    sem.emit(new Op.ProgramId(v, axis));
    return sem.wrap(v);
  }

  public Tile numPrograms(int axis) {
    checkAxis("numPrograms", axis);
    Value v = sem.newValue(Type.scalar(DType.I32), null);
    sem.emit(new Op.NumPrograms(v, axis));
    return sem.wrap(v);
  }

  private static void checkAxis(String op, int axis) {
    if (axis < 0 || axis > 2) {
      throw new DslException(op + "(" + axis + "): the grid has axes 0, 1 and 2");
    }
  }

  /** {@code tl.arange(start, end)}: i32 {@code [start, end)}; the length must be a power of two. */
  public Tile arange(int start, int end) {
    return sem.arange(start, end);
  }

  public Tile full(int[] shape, double value, DType dtype) {
    return sem.full(Shape.of(shape), value, dtype);
  }

  public Tile zeros(int[] shape, DType dtype) {
    return sem.full(Shape.of(shape), 0, dtype);
  }

  /** A scalar constant of a dtype. */
  public Tile constant(double value, DType dtype) {
    return sem.full(Shape.SCALAR, value, dtype);
  }

  /** An i32 scalar constant. */
  public Tile constant(int value) {
    return sem.full(Shape.SCALAR, value, DType.I32);
  }

  // ---- elementwise functions ------------------------------------------------------------

  public Tile where(Tile cond, Tile a, Tile b) {
    return sem.where(cond, a, b);
  }

  public Tile where(Tile cond, Tile a, double b) {
    return sem.where(cond, a, sem.literal(b));
  }

  public Tile where(Tile cond, double a, Tile b) {
    return sem.where(cond, sem.literal(a), b);
  }

  public Tile where(Tile cond, double a, double b) {
    return sem.where(cond, sem.full(Shape.SCALAR, a, DType.F32), sem.literal(b));
  }

  public Tile maximum(Tile a, Tile b) {
    return sem.binary(dev.kgen.ir.BinaryOp.MAX, a, b);
  }

  public Tile minimum(Tile a, Tile b) {
    return sem.binary(dev.kgen.ir.BinaryOp.MIN, a, b);
  }

  public Tile exp(Tile x) {
    return x.exp();
  }

  /** {@code min(max(x, lo), hi)}. */
  public Tile clamp(Tile x, double lo, double hi) {
    if (lo > hi) {
      throw new DslException("clamp: lo (" + lo + ") is greater than hi (" + hi + ")");
    }
    Tile up = sem.binary(dev.kgen.ir.BinaryOp.MAX, x, sem.literal(lo));
    return sem.binary(dev.kgen.ir.BinaryOp.MIN, up, sem.literal(hi));
  }

  /** Matrix product {@code [M,K] x [K,N] -> fp32 [M,N]} of two fp16, bf16 or fp32 tiles. */
  public Tile dot(Tile a, Tile b) {
    return sem.dot(a, b);
  }

  /** {@code (a + b - 1) / b} on integers. */
  public Tile cdiv(Tile a, long b) {
    if (b <= 0) {
      throw new DslException("cdiv: the divisor must be positive, got " + b);
    }
    return a.add(b - 1).intDiv(b);
  }

  public Tile cdiv(Tile a, Tile b) {
    return a.add(b).sub(1).intDiv(b);
  }

  // ---- memory ---------------------------------------------------------------------------

  public Tile load(Tile ptr) {
    return sem.load(ptr, null, null);
  }

  public Tile load(Tile ptr, Tile mask) {
    return sem.load(ptr, mask, null);
  }

  public Tile load(Tile ptr, Tile mask, double other) {
    return sem.load(ptr, mask, sem.literal(other));
  }

  public Tile load(Tile ptr, Tile mask, Tile other) {
    return sem.load(ptr, mask, other);
  }

  public void store(Tile ptr, Tile value) {
    sem.store(ptr, value, null);
  }

  public void store(Tile ptr, Tile value, Tile mask) {
    sem.store(ptr, value, mask);
  }

  /**
   * Adds {@code value} to the i32 at the scalar pointer {@code ptr} once per program and returns
   * what it held before, the same for every thread. Release and acquire across programs: see
   * {@link dev.kgen.ir.Op.AtomicAdd}.
   */
  public Tile atomicAdd(Tile ptr, int value) {
    return sem.atomicAdd(ptr, sem.literal(value), false);
  }

  /**
   * Adds the i32 scalar {@code value} to the i32 at {@code ptr} once per program, atomically but
   * ordering nothing else (no fences, no barriers): for a counter that nothing reads again before
   * the launch ends.
   */
  public void atomicAddRelaxed(Tile ptr, Tile value) {
    sem.atomicAdd(ptr, value, true);
  }

  // ---- control flow ---------------------------------------------------------------------

  public List<Tile> forRange(int lo, Tile hi, List<Tile> init, LoopBody body) {
    return forRange(constant(lo), hi, init, body);
  }

  /**
   * {@code for iv in range(lo, hi)} carrying {@code init} through the iterations: the body
   * returns the next values, which must keep each carried value's shape and dtype. Returns the
   * final values.
   */
  public List<Tile> forRange(Tile lo, Tile hi, List<Tile> init, LoopBody body) {
    checkIntScalar("forRange lower bound", lo);
    checkIntScalar("forRange upper bound", hi);
    Tile l = lo.dtype() == DType.I32 ? lo : lo.to(DType.I32);
    Tile h = hi.dtype() == DType.I32 ? hi : hi.to(DType.I32);
    Value iv = sem.newValue(Type.scalar(DType.I32), null);
    List<Value> carried = new ArrayList<>();
    List<Tile> carriedTiles = new ArrayList<>();
    for (Tile t : init) {
      if (t instanceof Semantics.Literal) {
        throw new DslException("forRange: a carried value is a Java literal; make it a tile with constant() or full()");
      }
      Value c = sem.newValue(t.type(), null);
      carried.add(c);
      carriedTiles.add(sem.wrap(c));
      if (sem.names().containsKey(t.value)) {
        sem.names().put(c, sem.names().get(t.value));
      }
    }
    sem.openBlock();
    List<Tile> next = body.step(sem.wrap(iv), List.copyOf(carriedTiles));
    if (next.size() != init.size()) {
      sem.closeBlock();
      throw new DslException("forRange: the body returned " + next.size() + " values for " + init.size() + " carried values");
    }
    List<Value> yielded = new ArrayList<>();
    for (int i = 0; i < next.size(); i++) {
      Tile n = next.get(i);
      Type want = init.get(i).type();
      if (n instanceof Semantics.Literal || !n.type().equals(want)) {
        sem.closeBlock();
        throw new DslException("forRange: carried value " + i + " changes from " + want + " to "
            + (n instanceof Semantics.Literal ? "a Java literal" : n.type().toString())
            + " inside the loop; cast or broadcast it to " + want);
      }
      yielded.add(n.value);
    }
    sem.emit(new Op.Yield(yielded));
    Block bodyBlock = new Block(sem.closeBlock());
    List<Value> results = new ArrayList<>();
    List<Tile> out = new ArrayList<>();
    for (int i = 0; i < init.size(); i++) {
      Value r = sem.newValue(init.get(i).type(), null);
      results.add(r);
      out.add(sem.wrap(r));
      if (sem.names().containsKey(init.get(i).value)) {
        sem.names().put(r, sem.names().get(init.get(i).value));
      }
    }
    List<Value> inits = init.stream().map(t -> t.value).toList();
    sem.emit(new Op.For(results, iv, l.value, h.value, inits, carried, bodyBlock));
    return out;
  }

  private static void checkIntScalar(String what, Tile t) {
    if (t instanceof Semantics.Literal || !t.shape().isScalar() || !t.dtype().isInt()) {
      throw new DslException(what + " must be an integer scalar tile, got " + t.type());
    }
  }

  private static void checkCondition(String op, Tile cond) {
    if (cond instanceof Semantics.Literal || !cond.shape().isScalar() || !cond.dtype().isBool()) {
      throw new DslException(op + ": the condition must be an i1 scalar (a comparison of scalars), got " + cond.type()
          + "; for tiles use where(), for constexprs a Java if");
    }
  }

  /** {@code if cond: body} on a run-time scalar condition; the body may {@link #ret()}. */
  public void ifThen(Tile cond, Runnable then) {
    checkCondition("ifThen", cond);
    sem.openBlock();
    then.run();
    Block t = new Block(sem.closeBlock());
    sem.emit(new Op.If(List.of(), cond.value, t, new Block(List.of())));
  }

  /** {@code a = x if cond else y} for tiles computed in branches of a run-time scalar condition. */
  public List<Tile> ifElse(Tile cond, Supplier<List<Tile>> then, Supplier<List<Tile>> otherwise) {
    checkCondition("ifElse", cond);
    sem.openBlock();
    List<Tile> a = then.get();
    sem.emit(new Op.Yield(a.stream().map(t -> t.value).toList()));
    Block tb = new Block(sem.closeBlock());
    sem.openBlock();
    List<Tile> b = otherwise.get();
    sem.emit(new Op.Yield(b.stream().map(t -> t.value).toList()));
    Block eb = new Block(sem.closeBlock());
    if (a.size() != b.size()) {
      throw new DslException("ifElse: the branches return " + a.size() + " and " + b.size() + " values");
    }
    List<Value> results = new ArrayList<>();
    List<Tile> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).type().equals(b.get(i).type())) {
        throw new DslException("ifElse: value " + i + " is " + a.get(i).type() + " in one branch and "
            + b.get(i).type() + " in the other");
      }
      Value r = sem.newValue(a.get(i).type(), null);
      results.add(r);
      out.add(sem.wrap(r));
    }
    sem.emit(new Op.If(results, cond.value, tb, eb));
    return out;
  }

  /** Ends this program (Triton's {@code return} inside a kernel). */
  public void ret() {
    sem.emit(new Op.Return());
  }
}
