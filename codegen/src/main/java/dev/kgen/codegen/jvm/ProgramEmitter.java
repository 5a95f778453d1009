package dev.kgen.codegen.jvm;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.kgen.codegen.jvm.Elem.Dense;
import dev.kgen.codegen.jvm.Elem.Iota;
import dev.kgen.codegen.jvm.Elem.Node;
import dev.kgen.codegen.jvm.Elem.Uniform;
import dev.kgen.errors.KgenInternalError;
import dev.kgen.errors.KgenUserException;
import dev.kgen.ir.BinaryOp;
import dev.kgen.ir.Block;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Op;
import dev.kgen.ir.OpVisitor;
import dev.kgen.ir.Param;
import dev.kgen.ir.Shape;
import dev.kgen.ir.Value;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Lowers a kernel's body to the statements of one program: scalars become locals, tiles become
 * arrays filled by constant-bound loops (or expressions inlined into their consumer, see
 * {@link FusionPlan}), pointer tiles become element offsets into the parameter's buffer, loads
 * and stores are bounds checked, and loops and branches map onto Java's.
 */
final class ProgramEmitter implements OpVisitor<Void> {
  /** A value's elements and, for a pointer, the parameter whose buffer it points into. */
  private record Bound(Elem elem, Param pointee) {}

  /** The offsets of a pointer parameter itself: element 0 of its buffer. */
  private static final Uniform ZERO_OFFSET = new Uniform(Expr.atom(JavaType.LONG, "0L"), null);

  private final Kernel kernel;
  private final ElementOps ops;
  private final JavaNames names;
  private final FusionPlan fusion;
  private final TileStorage storage;
  private final NestMethods nests;
  private final ProgramScope scope = new ProgramScope();
  private final Map<Value, Bound> env = new IdentityHashMap<>();
  private final Map<Param, String> lengths = new LinkedHashMap<>();
  /** Where statements go: the program's body, or the nest being moved into a method. */
  private CodeBlock.Builder code = CodeBlock.builder();
  private boolean inNest;
  /** Loop-body ops already emitted ahead of their loop (see {@link #hoist}). */
  private final Set<Op> hoisted = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  ProgramEmitter(Kernel kernel, ElementOps ops, JavaNames names, FusionPlan fusion, TileStorage storage,
      NestMethods nests) {
    this.kernel = kernel;
    this.ops = ops;
    this.names = names;
    this.fusion = fusion;
    this.storage = storage;
    this.nests = nests;
  }

  /** The program's statements; call once. */
  CodeBlock emit() {
    for (int axis = 0; axis < 3; axis++) {
      scope.declare("pid" + axis, TypeName.INT);
      scope.declare("grid" + axis, TypeName.INT);
    }
    CodeBlock.Builder prologue = CodeBlock.builder();
    for (Param p : kernel.params()) {
      String n = names.of(p.value());
      scope.declare(n, p.isPointer() ? ClassName.get(ByteBuffer.class) : ops.storage(p.dtype()).typeName());
      if (p.isPointer()) {
        env.put(p.value(), new Bound(ZERO_OFFSET, p));
      } else {
        env.put(p.value(), new Bound(new Uniform(Expr.atom(ops.storage(p.dtype()), n), null), null));
        if (p.dtype().format() != null) {
          prologue.addStatement("$L = $L", n, ops.round(Expr.atom(JavaType.DOUBLE, n), p.dtype()).code());
        }
      }
    }
    block(kernel.body());
    for (Map.Entry<Param, String> e : lengths.entrySet()) {
      Param p = e.getKey();
      prologue.addStatement("long $L = $T.elements($L, $L)", e.getValue(), ElementOps.INTRINSICS,
          names.of(p.value()), p.dtype().bytes());
    }
    CodeBlock body = CodeBlock.builder().add(prologue.build()).add(code.build()).build();
    return CodeBlock.builder().add(storage.aliases(NestMethods.identifiers(body))).add(body).build();
  }

  /** Remembers a scalar local the code just declared, for the nests that read it. */
  private void declare(String name, JavaType type) {
    scope.declare(name, type.typeName());
  }

  /**
   * Emits a loop nest into a method of its own (see {@link NestMethods}) and calls it here;
   * a nest inside a nest stays where it is.
   */
  private void outlined(String suggestion, Runnable nest) {
    if (inNest) {
      nest.run();
      return;
    }
    CodeBlock.Builder program = code;
    code = CodeBlock.builder();
    inNest = true;
    try {
      nest.run();
      program.add(nests.call(suggestion, code.build(), scope));
    } finally {
      code = program;
      inNest = false;
    }
  }

  // ---- blocks and bindings -------------------------------------------------------------

  /** Emits a block up to its yield (returned, for the loop or branch to assign) or return. */
  private Op.Yield block(Block b) {
    for (Op op : b.ops()) {
      if (op instanceof Op.Yield y) {
        return y;
      }
      if (hoisted.contains(op)) {
        continue; // emitted ahead of its loop
      }
      op.accept(this);
      if (op instanceof Op.Return) {
        return null; // Java rejects statements after a return
      }
    }
    return null;
  }

  private Bound bound(Value v) {
    Bound b = env.get(v);
    if (b == null) {
      throw new KgenInternalError("JVM backend: " + names.ir(v) + " of kernel " + kernel.name()
          + " is read before the Java code defines it");
    }
    return b;
  }

  private Elem elem(Value v) {
    return bound(v).elem();
  }

  private Void bind(Value v, Elem e, Param pointee) {
    env.put(v, new Bound(e, pointee));
    return null;
  }

  private JavaType javaType(Value v) {
    return v.type().pointer() ? JavaType.LONG : ops.storage(v.dtype());
  }

  private void comment(Op op) {
    code.add("// $L\n", IrText.of(op, names));
  }

  private Expr local(Value v) {
    return Expr.atom(javaType(v), "$L", names.of(v));
  }

  /**
   * Gives an elementwise result its storage: a local for a scalar, nothing for a tile its
   * consumer computes inline, else an array filled by a loop.
   */
  private Void define(Op op, Value result, Elem value, Param pointee) {
    if (result.shape().isScalar()) {
      code.addStatement("$T $L = $L", javaType(result).typeName(), names.of(result), value.at(Index.scalar()).code());
      declare(names.of(result), javaType(result));
      return bind(result, new Uniform(local(result), null), pointee);
    }
    if (fusion.inlined(result)) {
      return bind(result, value, pointee);
    }
    comment(op);
    Dense d = newArray(result, names.of(result));
    Elem.Coded codes = onlyCodes(value);
    if (codes != null && fusion.onlyTransposed(result)) {
      d = columnMajor(d, result.shape());
    }
    if (codes != null) {
      // every element is one of 256 values: compute them per code, then gather
      String table = storage.array(names.fresh(d.array() + "_table"), javaType(result), 256);
      outlined("table_" + d.array(), () -> {
        String bits = names.fresh("code");
        code.beginControlFlow("for (int $L = 0; $L < 256; $L++)", bits, bits, bits);
        Elem decoded = new Uniform(MemoryAccess.decode(codes.dtype(), CodeBlock.of("(byte) $L", bits)), null);
        code.addStatement("$L[$L] = $L", table, bits, replace(value, codes.array(), decoded).at(Index.scalar()).code());
        code.endControlFlow();
      });
      JavaType t = javaType(result);
      Node gather = new Node(List.of(codes.codes()), x -> Expr.atom(t, "$L[$L & 0xff]", table, x.get(0).code()));
      fill(d, gather, result.shape(), "compute_" + d.array());
      return bind(result, d, pointee);
    }
    fill(d, value, result.shape(), "compute_" + d.array());
    return bind(result, d, pointee);
  }

  /**
   * The one tile of stored codes that {@code value} reads when everything else it reads is a
   * scalar, else null.
   */
  private static Elem.Coded onlyCodes(Elem value) {
    List<Elem> leaves = new ArrayList<>();
    leaves(value, leaves);
    Elem.Coded found = null;
    for (Elem e : leaves) {
      if (e instanceof Elem.Coded c) {
        if (found != null && !found.array().equals(c.array())) {
          return null;
        }
        found = c;
      } else if (!(e instanceof Uniform)) {
        return null;
      }
    }
    return found;
  }

  private static void leaves(Elem e, List<Elem> out) {
    if (e instanceof Node n) {
      n.inputs().forEach(x -> leaves(x, out));
    } else {
      out.add(e);
    }
  }

  /** {@code e} with every read of the codes in {@code array} replaced by {@code by}. */
  private static Elem replace(Elem e, String array, Elem by) {
    if (e instanceof Elem.Coded c && c.array().equals(array)) {
      return by;
    }
    if (e instanceof Node n) {
      return new Node(n.inputs().stream().map(x -> replace(x, array, by)).toList(), n.combine(), n.kind());
    }
    return e;
  }

  /** {@code d}'s array seen column-major: element (i, j) of an [R, C] tile at {@code i + j * R}. */
  private static Dense columnMajor(Dense d, Shape shape) {
    return new Dense(d.array(), d.type(), List.of(1, shape.dim(0)));
  }

  private Dense newArray(Value v, String name) {
    JavaType t = javaType(v);
    storage.array(name, t, v.shape().numel());
    return Dense.of(name, t, v.shape());
  }

  /**
   * Stores every element of {@code value} into {@code target} (row-major, or any other layout of
   * its array), in a nest named {@code nest}.
   */
  private void fill(Dense target, Elem value, Shape shape, String nest) {
    String array = target.array();
    if (value instanceof Dense d && d.denseIn(shape) && target.denseIn(shape)) {
      if (!d.array().equals(array)) {
        code.addStatement("$T.arraycopy($L, 0, $L, 0, $L)", System.class, d.array(), array, shape.numel());
      }
      return;
    }
    if (value instanceof Uniform u) {
      code.addStatement("$T.fill($L, $L)", Arrays.class, array, u.value().code());
      return;
    }
    outlined(nest, () -> {
      Index idx = openElementLoops(shape, false, value, target);
      code.addStatement("$L = $L", target.at(idx).code(), value.at(idx).code());
      LoopNest.close(code, idx);
    });
  }

  /** Loops over every element of {@code shape}: one flat loop when every operand is dense. */
  private Index openElementLoops(Shape shape, boolean scoped, Elem... operands) {
    boolean flat = LoopNest.multiDimensional(shape);
    for (Elem e : operands) {
      flat &= e == null || e.denseIn(shape);
    }
    return flat ? LoopNest.openFlat(code, shape) : LoopNest.open(code, shape, LoopNest.defaultVars(shape.rank()), scoped);
  }

  // ---- values --------------------------------------------------------------------------

  public Void visitProgramId(Op.ProgramId o) {
    code.addStatement("int $L = pid$L", names.of(o.result()), o.axis());
    declare(names.of(o.result()), JavaType.INT);
    return bind(o.result(), new Uniform(local(o.result()), null), null);
  }

  public Void visitNumPrograms(Op.NumPrograms o) {
    code.addStatement("int $L = grid$L", names.of(o.result()), o.axis());
    declare(names.of(o.result()), JavaType.INT);
    return bind(o.result(), new Uniform(local(o.result()), null), null);
  }

  public Void visitFull(Op.Full o) {
    return bind(o.result(), new Uniform(ops.literal(o.value(), o.result().dtype()), null), null);
  }

  public Void visitArange(Op.Arange o) {
    Elem e = o.end() - o.start() == 1 ? new Uniform(JavaType.INT.literal(o.start()), null) : new Iota(o.start(), 0);
    return bind(o.result(), e, null);
  }

  public Void visitUnary(Op.Unary o) {
    DType t = o.result().dtype();
    return define(o, o.result(), new Node(List.of(elem(o.x())), x -> ops.unary(o.op(), t, x.get(0))), null);
  }

  public Void visitBinary(Op.Binary o) {
    Elem known = KnownMask.fold(o.op(), elem(o.a()), elem(o.b()), o.a().shape());
    if (known != null) {
      return bind(o.result(), known, null);
    }
    DType operand = o.a().dtype();
    DType result = o.result().dtype();
    Node n = new Node(List.of(elem(o.a()), elem(o.b())),
        x -> ops.binary(o.op(), operand, result, x.get(0), x.get(1)), splitKind(o.op(), operand));
    return define(o, o.result(), n, null);
  }

  /** 64-bit adds may be regrouped (wrapping sums are associative), boolean ands too. */
  private static Node.Kind splitKind(BinaryOp op, DType operand) {
    if (op == BinaryOp.ADD && operand == DType.I64) {
      return Node.Kind.SUM;
    }
    return op == BinaryOp.AND && operand.isBool() ? Node.Kind.AND : Node.Kind.OTHER;
  }

  public Void visitSelect(Op.Select o) {
    Node n = new Node(List.of(elem(o.cond()), elem(o.a()), elem(o.b())), x -> ops.select(x.get(0), x.get(1), x.get(2)));
    return define(o, o.result(), n, null);
  }

  public Void visitCast(Op.Cast o) {
    DType from = o.x().dtype();
    DType to = o.result().dtype();
    return define(o, o.result(), new Node(List.of(elem(o.x())), x -> ops.cast(from, to, x.get(0))), null);
  }

  public Void visitTrans(Op.Trans o) {
    Bound x = bound(o.x());
    return bind(o.result(), x.elem().transpose(), x.pointee());
  }

  public Void visitExpandDims(Op.ExpandDims o) {
    Bound x = bound(o.x());
    return bind(o.result(), x.elem().expand(o.axis()), x.pointee());
  }

  public Void visitBroadcast(Op.Broadcast o) {
    // size-1 dimensions already have stride 0 and scalars are uniform: nothing to do
    Bound x = bound(o.x());
    return bind(o.result(), x.elem(), x.pointee());
  }

  public Void visitAddPtr(Op.AddPtr o) {
    Bound p = bound(o.ptr());
    Elem off = elem(o.offset());
    if (p.elem() == ZERO_OFFSET && !(off instanceof Node)) {
      return bind(o.result(), off, p.pointee()); // the offsets are the pointer: no copy
    }
    Elem sum = p.elem() == ZERO_OFFSET ? new Node(List.of(off), x -> x.get(0), Node.Kind.SUM)
        : new Node(List.of(p.elem(), off), x -> Expr.compound(JavaType.LONG,
            x.get(0).type() == JavaType.LONG ? "$L + $L" : "(long) $L + $L", x.get(0).operand(), x.get(1).operand()), Node.Kind.SUM);
    return define(o, o.result(), sum, p.pointee());
  }

  // ---- reductions and dots -------------------------------------------------------------

  public Void visitReduce(Op.Reduce o) {
    String result = names.of(o.result());
    comment(o);
    if (o.result().shape().isScalar()) {
      reduce(o, null);
      declare(result, javaType(o.result()));
      return bind(o.result(), new Uniform(local(o.result()), null), null);
    }
    Dense out = newArray(o.result(), result);
    outlined("reduce_" + result, () -> reduce(o, out));
    return bind(o.result(), out, null);
  }

  /** The loops of a reduction into {@code out}, or into a new local when the result is a scalar ({@code out} null). */
  private void reduce(Op.Reduce o, Dense out) {
    Elem x = elem(o.x());
    Shape xs = o.x().shape();
    int axis = o.axis();
    int len = xs.dim(axis);
    DType t = o.result().dtype();
    JavaType accType = ops.accumulator(o.op(), t);
    String result = names.of(o.result());
    String acc = names.fresh(result + "_acc");
    Index outer;
    if (out == null) {
      outer = Index.scalar();
    } else {
      List<String> vars = new ArrayList<>(LoopNest.defaultVars(xs.rank()));
      vars.remove(axis);
      outer = LoopNest.open(code, o.result().shape(), vars, true);
    }
    code.addStatement("$T $L = $L", accType.typeName(), acc, ops.identity(o.op(), t).code());
    List<String> xVars = new ArrayList<>(outer.vars());
    xVars.add(axis, len == 1 ? "0" : "k");
    if (len > 1) {
      code.beginControlFlow("for (int k = 0; k < $L; k++)", len);
    }
    code.addStatement(ops.fold(o.op(), acc, x.at(new Index(xs, xVars, null, 0))));
    if (len > 1) {
      code.endControlFlow();
    }
    CodeBlock rounded = ops.round(Expr.atom(accType, "$L", acc), t).code();
    if (out == null) {
      code.addStatement("$T $L = $L", javaType(o.result()).typeName(), result, rounded);
      return;
    }
    code.addStatement("$L[$L] = $L", out.array(), outer.position(), rounded);
    LoopNest.close(code, outer);
  }

  /**
   * A call to {@link JvmDot#product}, or to {@link JvmDot#productTransposed} when {@code b} is
   * the transpose of a dense array (no copy); the fp32 rounding happens where the result is read.
   */
  public Void visitDot(Op.Dot o) {
    Shape out = o.result().shape();
    String acc = names.fresh(names.of(o.result()) + "_acc");
    storage.array(acc, JavaType.DOUBLE, out.numel());
    comment(o);
    String a = doubleArray(o.a(), elem(o.a()));
    Shape bs = o.b().shape();
    boolean transposed = elem(o.b()) instanceof Dense d && d.type() == JavaType.DOUBLE
        && d.strides().equals(List.of(1, bs.dim(0)));
    String b = transposed ? ((Dense) elem(o.b())).array() : doubleArray(o.b(), elem(o.b()));
    code.addStatement("$T.$L($L, $L, $L, $L, $L, $L)", JvmDot.class, transposed ? "productTransposed" : "product", a, b,
        acc, o.a().shape().dim(0), o.a().shape().dim(1), bs.dim(1));
    Dense sums = Dense.of(acc, JavaType.DOUBLE, out);
    return bind(o.result(), new Node(List.of(sums), x -> ops.round(x.get(0), DType.F32)), null);
  }

  /** A dense row-major {@code double[]} holding {@code v}'s elements: its own array, or a copy. */
  private String doubleArray(Value v, Elem e) {
    if (e instanceof Dense d && d.type() == JavaType.DOUBLE && d.denseIn(v.shape())) {
      return d.array();
    }
    String copy = storage.array(names.fresh(names.of(v) + "_dense"), JavaType.DOUBLE, v.shape().numel());
    outlined("widen_" + copy, () -> {
      Index idx = openElementLoops(v.shape(), false, e);
      Expr x = e.at(idx);
      code.addStatement("$L[$L] = $L", copy, idx.position(),
          x.type() == JavaType.BOOLEAN ? CodeBlock.of("$L ? 1.0 : 0.0", x.operand()) : x.code());
      LoopNest.close(code, idx);
    });
    return copy;
  }

  // ---- memory --------------------------------------------------------------------------

  private String lengthOf(Param p) {
    return lengths.computeIfAbsent(p, q -> {
      String n = names.fresh(names.of(q.value()) + "_len");
      declare(n, JavaType.LONG);
      return n;
    });
  }

  private void boundsCheck(String op, Param p, String offset) {
    code.beginControlFlow("if ($L < 0 || $L >= $L)", offset, offset, lengthOf(p));
    code.addStatement("throw $T.outOfBounds($S, $S, $S, $L, $L, $S, $L, pid0, pid1, pid2)", ElementOps.INTRINSICS,
        kernel.name(), op, p.name(), names.of(p.value()), offset, p.dtype().irName(), p.dtype().bytes());
    code.endControlFlow();
  }

  private static Param pointee(Bound ptr, Op op) {
    if (ptr.pointee() == null) {
      throw new KgenInternalError("JVM backend: " + op.getClass().getSimpleName() + " through a value with no buffer");
    }
    return ptr.pointee();
  }

  /** A load's or store's mask, or null when there is none or every element is known to pass it. */
  private Elem maskOf(Value mask) {
    return mask == null || KnownMask.allTrue(elem(mask)) ? null : elem(mask);
  }

  public Void visitLoad(Op.Load o) {
    Bound ptr = bound(o.ptr());
    Param p = pointee(ptr, o);
    DType t = o.result().dtype();
    Elem mask = maskOf(o.mask());
    Elem other = o.other() == null ? null : elem(o.other());
    String buffer = names.of(p.value());
    String result = names.of(o.result());
    Shape shape = o.result().shape();
    if (shape.isScalar()) {
      Expr offset = ptr.elem().at(Index.scalar());
      String off = offset.atomic() ? offset.code().toString() : names.fresh(result + "_off");
      if (!offset.atomic()) {
        code.addStatement("long $L = $L", off, offset.code());
        declare(off, JavaType.LONG);
      }
      if (mask == null) {
        boundsCheck("load", p, off);
        code.addStatement("$T $L = $L", javaType(o.result()).typeName(), result, MemoryAccess.read(t, buffer, off).code());
      } else {
        code.addStatement("$T $L", javaType(o.result()).typeName(), result);
        code.beginControlFlow("if ($L)", mask.at(Index.scalar()).code());
        boundsCheck("load", p, off);
        code.addStatement("$L = $L", result, MemoryAccess.read(t, buffer, off).code());
        code.nextControlFlow("else");
        code.addStatement("$L = $L", result, other == null ? ops.literal(0, t).code() : other.at(Index.scalar()).code());
        code.endControlFlow();
      }
      declare(result, javaType(o.result()));
      return bind(o.result(), new Uniform(local(o.result()), null), null);
    }
    comment(o);
    boolean zeroOther = other == null || other instanceof Uniform u && u.value().constant() != null
        && Double.doubleToRawLongBits(u.value().constant()) == 0; // +0.0 is code 0 in both fp8 formats
    if ((t == DType.FP8E4M3 || t == DType.FP8E5M2) && zeroOther && fusion.loadFeedsElementwise(o.result())) {
      // kept as stored codes: the consumer computes its results per code (see define)
      storage.array(result, JavaType.BYTE, shape.numel());
      Dense codes = Dense.of(result, JavaType.BYTE, shape);
      outlined("load_" + result, () -> loadCodes(p, t, ptr, mask, codes, shape));
      return bind(o.result(), new Elem.Coded(result, t, codes.strides()), null);
    }
    Dense rowMajor = newArray(o.result(), result);
    Dense out = fusion.onlyTransposed(o.result()) ? columnMajor(rowMajor, shape) : rowMajor;
    outlined("load_" + result, () -> loadTile(p, t, ptr, mask, other, out, shape));
    return bind(o.result(), out, null);
  }

  /** Loads a tile's stored 8-bit codes; masked-off elements get code 0 (+0.0, the only other allowed). */
  private void loadCodes(Param p, DType t, Bound ptr, Elem mask, Dense out, Shape shape) {
    String buffer = names.of(p.value());
    elementLoads(p, t, ptr, mask, null, out, shape, idx -> CodeBlock.of("$L[$L] = 0", out.array(), idx.position()),
        (idx, off) -> CodeBlock.of("$L[$L] = $L.get($L)", out.array(), idx.position(), buffer, MemoryAccess.bytePosition(t, off)),
        (idx, at) -> CodeBlock.of("$L[$L] = arr[$L]", out.array(), idx.position(), at));
  }

  private void loadTile(Param p, DType t, Bound ptr, Elem mask, Elem other, Dense out, Shape shape) {
    String buffer = names.of(p.value());
    elementLoads(p, t, ptr, mask, other, out, shape,
        idx -> CodeBlock.of("$L = $L", out.at(idx).code(), other == null ? ops.literal(0, t).code() : other.at(idx).code()),
        (idx, off) -> CodeBlock.of("$L = $L", out.at(idx).code(), MemoryAccess.read(t, buffer, off).code()),
        (idx, at) -> CodeBlock.of("$L = $L", out.at(idx).code(), MemoryAccess.readArray(t, "arr", at).code()));
  }

  /**
   * A tile load's loops: a row at a time from the buffer's array where the offsets split (see
   * {@link RowLoad}), else element by element. {@code maskedOff} stores a masked-off element,
   * {@code read} an element read from the buffer at an offset (a local), {@code readAt} one read
   * from {@code arr} at a byte position.
   */
  private void elementLoads(Param p, DType t, Bound ptr, Elem mask, Elem other, Dense out, Shape shape, Function<Index, CodeBlock> maskedOff,
      BiFunction<Index, String, CodeBlock> read, BiFunction<Index, CodeBlock, CodeBlock> readAt) {
    RowLoad rows = RowLoad.plan(shape, ptr.elem(), mask);
    if (rows != null) {
      rows.emit(new RowLoad.Emitter() {
        public CodeBlock.Builder code() {
          return code;
        }

        public String scratch(String suggestion, JavaType type, int length) {
          return storage.array(names.fresh(suggestion), type, length);
        }

        public void element(Index idx) {
          checkedRead(p, ptr, idx, read);
        }

        public void maskedOff(Index idx) {
          code.addStatement(maskedOff.apply(idx));
        }
      }, shape, t, names.of(p.value()), lengthOf(p), readAt);
      return;
    }
    Index idx = openElementLoops(shape, true, ptr.elem(), mask, other, out);
    if (mask != null) {
      code.beginControlFlow("if ($L)", mask.at(idx).code());
    }
    checkedRead(p, ptr, idx, read);
    if (mask != null) {
      code.nextControlFlow("else");
      code.addStatement(maskedOff.apply(idx));
      code.endControlFlow();
    }
    LoopNest.close(code, idx);
  }

  private void checkedRead(Param p, Bound ptr, Index idx, BiFunction<Index, String, CodeBlock> read) {
    code.addStatement("long off = $L", ptr.elem().at(idx).code());
    boundsCheck("load", p, "off");
    code.addStatement(read.apply(idx, "off"));
  }

  public Void visitStore(Op.Store o) {
    Bound ptr = bound(o.ptr());
    Param p = pointee(ptr, o);
    DType t = o.ptr().dtype();
    Elem value = elem(o.value());
    Elem mask = maskOf(o.mask());
    String buffer = names.of(p.value());
    Shape shape = o.ptr().shape();
    comment(o);
    if (shape.isScalar()) {
      storeElements(p, t, ptr, value, mask, shape);
    } else {
      outlined("store_" + buffer, () -> storeElements(p, t, ptr, value, mask, shape));
    }
    return null;
  }

  /** One add under {@link JvmIntrinsics#atomicAdd}'s lock, which orders the programs' memory as the op promises. */
  public Void visitAtomicAdd(Op.AtomicAdd o) {
    Bound ptr = bound(o.ptr());
    Param p = pointee(ptr, o);
    String buffer = names.of(p.value());
    String result = names.of(o.result());
    String off = names.fresh(result + "_off");
    comment(o);
    code.addStatement("long $L = $L", off, ptr.elem().at(Index.scalar()).code());
    declare(off, JavaType.LONG);
    boundsCheck("atomic_add", p, off);
    code.addStatement("int $L = $T.atomicAdd($L, $L, $L)", result, ElementOps.INTRINSICS, buffer,
        MemoryAccess.bytePosition(DType.I32, off), elem(o.value()).at(Index.scalar()).code());
    declare(result, javaType(o.result()));
    return bind(o.result(), new Uniform(local(o.result()), null), null);
  }

  private void storeElements(Param p, DType t, Bound ptr, Elem value, Elem mask, Shape shape) {
    String buffer = names.of(p.value());
    Index idx = shape.isScalar() ? LoopNest.open(code, shape, List.of(), true)
        : openElementLoops(shape, true, ptr.elem(), value, mask);
    if (mask != null) {
      code.beginControlFlow("if ($L)", mask.at(idx).code());
    }
    code.addStatement("long off = $L", ptr.elem().at(idx).code());
    boundsCheck("store", p, "off");
    code.addStatement(MemoryAccess.write(t, buffer, "off", value.at(idx)));
    if (mask != null) {
      code.endControlFlow();
    }
    LoopNest.close(code, idx);
  }

  // ---- control flow --------------------------------------------------------------------

  /** Storage for values that change at a yield: a mutable local, or an array. */
  private Bound slot(Value v, Param pointee, CodeBlock init) {
    String n = names.of(v);
    if (v.shape().isScalar()) {
      if (init == null) {
        code.addStatement("$T $L", javaType(v).typeName(), n);
      } else {
        code.addStatement("$T $L = $L", javaType(v).typeName(), n, init);
      }
      declare(n, javaType(v));
      return new Bound(new Uniform(local(v), n), pointee);
    }
    return new Bound(newArray(v, n), pointee);
  }

  private static String storageOf(Bound slot) {
    return slot.elem() instanceof Dense d ? d.array() : ((Uniform) slot.elem()).storage();
  }

  /** Ops that compute without memory and read nothing the loop defines: the same every iteration. */
  private static final Set<Class<?>> HOISTABLE = Set.of(Op.Unary.class, Op.Binary.class, Op.Select.class,
      Op.Cast.class, Op.Full.class, Op.Arange.class, Op.ExpandDims.class, Op.Broadcast.class, Op.Trans.class,
      Op.AddPtr.class);

  /**
   * Emits the loop-invariant ops of {@code loop}'s body (index tiles built from strides and
   * aranges, for one) once, ahead of the loop, instead of every iteration. They have no side
   * effects, so computing them when the loop runs no iteration changes nothing.
   */
  private void hoist(Op.For loop) {
    Set<Value> variant = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    variant.add(loop.iv());
    variant.addAll(loop.carried());
    for (Op op : loop.body().ops()) {
      boolean invariant = HOISTABLE.contains(op.getClass()) && op.blocks().isEmpty()
          && op.operands().stream().noneMatch(variant::contains);
      if (invariant) {
        op.accept(this);
        hoisted.add(op);
      } else {
        definedBy(op, variant);
      }
    }
  }

  private static void definedBy(Op op, Set<Value> out) {
    out.addAll(op.results());
    for (Block b : op.blocks()) {
      for (Op inner : b.ops()) {
        definedBy(inner, out);
      }
    }
  }

  public Void visitFor(Op.For o) {
    hoist(o);
    code.add("// $L\n", IrText.of(o, names));
    List<Bound> slots = new ArrayList<>();
    for (int i = 0; i < o.carried().size(); i++) {
      Value c = o.carried().get(i);
      Bound init = bound(o.inits().get(i));
      Bound s = slot(c, init.pointee(), c.shape().isScalar() ? init.elem().at(Index.scalar()).code() : null);
      if (!c.shape().isScalar()) {
        Dense array = (Dense) s.elem();
        fill(array, init.elem(), c.shape(), "init_" + array.array());
      }
      slots.add(s);
      env.put(c, s);
    }
    String iv = names.of(o.iv());
    code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", iv, elem(o.lo()).at(Index.scalar()).code(), iv,
        elem(o.hi()).at(Index.scalar()).operand(), iv);
    declare(iv, JavaType.INT);
    bind(o.iv(), new Uniform(local(o.iv()), null), null);
    Op.Yield y = block(o.body());
    if (y != null) {
      assign(slots, y.values(), o);
    }
    code.endControlFlow();
    for (int i = 0; i < o.results().size(); i++) {
      env.put(o.results().get(i), slots.get(i));
    }
    return null;
  }

  public Void visitIf(Op.If o) {
    List<Bound> slots = new ArrayList<>();
    for (Value r : o.results()) {
      slots.add(slot(r, null, null));
    }
    code.beginControlFlow("if ($L)", elem(o.cond()).at(Index.scalar()).code());
    Op.Yield then = block(o.then());
    if (then != null) {
      slots = withPointees(slots, then.values());
      assign(slots, then.values(), o);
    }
    if (!o.otherwise().ops().isEmpty()) {
      code.nextControlFlow("else");
      Op.Yield otherwise = block(o.otherwise());
      if (otherwise != null) {
        slots = withPointees(slots, otherwise.values());
        assign(slots, otherwise.values(), o);
      }
    }
    code.endControlFlow();
    for (int i = 0; i < o.results().size(); i++) {
      env.put(o.results().get(i), slots.get(i));
    }
    return null;
  }

  private List<Bound> withPointees(List<Bound> slots, List<Value> yielded) {
    List<Bound> out = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      Bound s = slots.get(i);
      out.add(s.pointee() == null ? new Bound(s.elem(), bound(yielded.get(i)).pointee()) : s);
    }
    return out;
  }

  /**
   * Moves yielded values into their slots. A value that reads another slot's storage is first
   * copied aside, so the assignments act at once (like the interpreter's) whatever their order.
   */
  private void assign(List<Bound> slots, List<Value> yielded, Op owner) {
    List<Elem> sources = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      Bound src = bound(yielded.get(i));
      Param want = slots.get(i).pointee();
      if (want != null && src.pointee() != want) {
        throw new KgenUserException("JVM backend: kernel " + kernel.name() + " yields a pointer into "
            + (src.pointee() == null ? "nothing" : src.pointee().name()) + " for a value that points into " + want.name()
            + " (" + IrText.of(owner, names) + "); a pointer carried by a loop or branch must keep its buffer");
      }
      sources.add(src.elem());
    }
    for (int i = 0; i < slots.size(); i++) {
      Set<String> reads = new HashSet<>();
      sources.get(i).reads(reads);
      reads.remove(storageOf(slots.get(i)));
      boolean hazard = false;
      for (Bound other : slots) {
        hazard |= reads.contains(storageOf(other));
      }
      // computing a tile into its own slot is safe only where each element reads its own position
      hazard |= slots.get(i).elem() instanceof Dense d && !readsInPlace(sources.get(i), d.array(), yielded.get(i).shape());
      if (hazard) {
        Value v = yielded.get(i);
        String tmp = names.fresh(names.of(v) + "_next");
        if (v.shape().isScalar()) {
          code.addStatement("$T $L = $L", javaType(v).typeName(), tmp, sources.get(i).at(Index.scalar()).code());
          declare(tmp, javaType(v));
          sources.set(i, new Uniform(Expr.atom(javaType(v), "$L", tmp), null));
        } else {
          storage.array(tmp, javaType(v), v.shape().numel());
          Dense copy = Dense.of(tmp, javaType(v), v.shape());
          fill(copy, sources.get(i), v.shape(), "copy_" + tmp);
          sources.set(i, copy);
        }
      }
    }
    for (int i = 0; i < slots.size(); i++) {
      Value target = yielded.get(i);
      Bound slot = slots.get(i);
      Elem src = sources.get(i);
      if (slot.elem() instanceof Dense d) {
        fill(d, src, target.shape(), "next_" + d.array());
      } else if (!(src instanceof Uniform u && storageOf(slot).equals(u.storage()))) {
        code.addStatement("$L = $L", storageOf(slot), src.at(Index.scalar()).code());
      }
    }
  }

  /** Whether every read {@code e} makes of {@code array} is the dense element at the position being computed. */
  private static boolean readsInPlace(Elem e, String array, Shape shape) {
    if (e instanceof Node n) {
      return n.inputs().stream().allMatch(x -> readsInPlace(x, array, shape));
    }
    if (e instanceof Dense d && d.array().equals(array)) {
      return d.denseIn(shape);
    }
    return true;
  }

  public Void visitYield(Op.Yield o) {
    throw new KgenInternalError("JVM backend: a yield outside the end of a loop body or branch");
  }

  public Void visitReturn(Op.Return o) {
    code.addStatement("return");
    return null;
  }
}
