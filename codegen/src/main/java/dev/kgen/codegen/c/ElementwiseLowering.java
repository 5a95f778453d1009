package dev.kgen.codegen.c;

import dev.kgen.ir.BinaryOp;
import dev.kgen.ir.DType;
import dev.kgen.ir.Op;
import dev.kgen.ir.UnaryOp;
import dev.kgen.ir.Value;
import java.util.List;

/**
 * Ops that need no communication between threads: program indices, constants, aranges,
 * arithmetic, selects, casts and pointer offsets. Each is one statement per value (scalars
 * and splats) or one slot loop (tiles); results of fp16, bf16 and fp8 dtype are rounded to
 * their dtype after every op, as the interpreter does.
 */
final class ElementwiseLowering {
  private final LoweringContext cx;

  /** The lowering of values held in rows; null in an instance that only spells expressions ({@link RematerializedElement}). */
  private final ReplicatedRows replicatedRows;

  ElementwiseLowering(LoweringContext cx, ReplicatedRows replicatedRows) {
    this.cx = cx;
    this.replicatedRows = replicatedRows;
  }

  void programId(Op.ProgramId o) {
    String n = cx.name(o.result());
    cx.out.line("const int " + n + " = " + cx.dialect.programId(o.axis()) + ";");
    cx.bind(o.result(), new CValue.Scalar(n));
  }

  void numPrograms(Op.NumPrograms o) {
    String n = cx.name(o.result());
    cx.out.line("const int " + n + " = " + cx.dialect.numPrograms(o.axis()) + ";");
    cx.bind(o.result(), new CValue.Scalar(n));
  }

  /** Constants are literals at their uses: a scalar or a splat, no variable. */
  void full(Op.Full o) {
    Value r = o.result();
    String lit = cx.literal(o.value(), r.dtype());
    cx.bind(r, r.shape().isScalar() ? new CValue.Scalar(lit) : new CValue.Splat(lit, cx.layout(r)));
  }

  void arange(Op.Arange o) {
    Value r = o.result();
    TileLayout l = cx.layout(r);
    String n = cx.name(r);
    cx.out.line("int " + n + "[" + l.slots() + "];");
    String e = cx.element(l);
    cx.slotLoop(l, n + "[" + LoweringContext.SLOT + "] = " + (o.start() == 0 ? e : o.start() + " + (" + e + ")") + ";");
    cx.bind(r, new CValue.Tile(n, l));
  }

  void unary(Op.Unary o) {
    if (unaryIsIdentity(o)) {
      same(o.result(), o.x());
      return;
    }
    define(o.result(), List.of(o.x()), a -> unaryExpr(o, a.get(0)));
  }

  void binary(Op.Binary o) {
    define(o.result(), List.of(o.a(), o.b()), ab -> binaryExpr(o, ab.get(0), ab.get(1)));
  }

  void select(Op.Select o) {
    define(o.result(), List.of(o.cond(), o.a(), o.b()), c -> selectExpr(c.get(0), c.get(1), c.get(2)));
  }

  void cast(Op.Cast o) {
    if (castIsIdentity(o)) {
      same(o.result(), o.x());
      return;
    }
    define(o.result(), List.of(o.x()), x -> castExpr(o, x.get(0)));
  }

  // ---- per-element expressions (shared with RematerializedElement) ----------------------
  // Operands are variables or literals: templates may repeat them.

  /** -x converted back to i1 is x: the op needs no code. */
  static boolean unaryIsIdentity(Op.Unary o) {
    return o.op() == UnaryOp.NEG && o.result().dtype().isBool();
  }

  String unaryExpr(Op.Unary o, String x) {
    DType d = o.result().dtype();
    return cx.rounded(cx.apply(Fn.of(o.op()), d, x), d);
  }

  String binaryExpr(Op.Binary o, String a, String b) {
    DType operand = o.a().dtype();
    DType d = o.result().dtype();
    BinaryOp op = o.op();
    boolean intDivision = (op == BinaryOp.DIV || op == BinaryOp.REM) && !operand.isFloat();
    Double divisor = cx.constantOf(o.b());
    boolean safeDivisor = divisor != null && divisor != 0;
    String expr = cx.apply(Fn.of(op), operand, a, b);
    if (intDivision && !safeDivisor) {
      // the interpreter defines x / 0 and x % 0 as 0
      expr = "(" + b + " == 0 ? " + cx.literal(0, d) + " : " + expr + ")";
    }
    if (d.isBool() && !op.isComparison() && !op.isBitwise() && op != BinaryOp.MAX && op != BinaryOp.MIN) {
      expr = "(" + expr + ") != 0"; // arithmetic on i1 converts back to 0/1
    }
    return cx.rounded(expr, d);
  }

  static String selectExpr(String cond, String a, String b) {
    return cond + " ? " + a + " : " + b;
  }

  /** e.g. bf16 -> fp32: the registers already hold the value exactly, so the cast needs no code. */
  static boolean castIsIdentity(Op.Cast o) {
    DType from = o.x().dtype();
    DType to = o.result().dtype();
    return IntrinsicTable.computeDType(from) == IntrinsicTable.computeDType(to) && to.format() == null;
  }

  String castExpr(Op.Cast o, String v) {
    DType from = o.x().dtype();
    DType to = o.result().dtype();
    if (to.isBool()) {
      return v + " != " + cx.literal(0, from);
    }
    if (to.format() != null) {
      return cx.rounded(from == DType.F32 || from.format() != null ? v : "(float)" + v, to);
    }
    return "(" + cx.type(IntrinsicTable.computeDType(to)) + ")" + v;
  }

  /**
   * Offsets add up; the base parameter stays. Adding zero, or an i64 offset to a zero offset,
   * needs no code; constant offsets are printed as 64-bit literals.
   */
  void addPtr(Op.AddPtr o) {
    CValue.Pointer p = cx.pointer(o.ptr(), o);
    CValue off = cx.get(o.offset());
    String i64 = cx.offsetType();
    Double constant = cx.constantOf(o.offset());
    boolean wide = o.offset().dtype() == DType.I64;
    boolean zeroBase = isZero(p.offsets());
    CValue sum;
    if (constant != null && constant == 0) {
      sum = p.offsets();
    } else if (zeroBase && wide) {
      sum = off;
    } else {
      sum = cx.elementwise(o.result(), i64, List.of(p.offsets(), off), ab -> offsetSum(o, zeroBase ? null : ab.get(0),
          ab.get(1)));
    }
    cx.bind(o.result(), new CValue.Pointer(p.base(), p.baseName(), sum));
  }

  /**
   * The 64-bit offsets {@code base + offset} of an AddPtr ({@code base} null when it is zero);
   * constant offsets are printed as 64-bit literals.
   */
  String offsetSum(Op.AddPtr o, String base, String offset) {
    Double constant = cx.constantOf(o.offset());
    String b = constant != null ? cx.literal(constant, DType.I64)
        : o.offset().dtype() == DType.I64 ? offset : "(" + cx.offsetType() + ")" + offset;
    return base == null ? b : base + " + " + b;
  }

  static boolean isZero(CValue c) {
    return c.uniform() && c.at("").equals(LoweringContext.ZERO_OFFSET);
  }

  private void define(Value result, List<Value> operands, java.util.function.Function<List<String>, String> expr) {
    String ctype = cx.type(IntrinsicTable.computeDType(result.dtype()));
    TileLayout rows = replicatedRows.plan().rows(result);
    if (rows == null) {
      List<CValue> ops = operands.stream().map(cx::get).toList();
      cx.bind(result, cx.elementwise(result, ctype, ops, expr));
      return;
    }
    List<CValue> ops = operands.stream().map(v -> replicatedRows.in(v, rows)).toList();
    replicatedRows.bindResult(result, cx.elementwise(result, ctype, ops, expr, rows));
  }

  /** {@code result} is {@code x} (an op that needs no code), held as the rows plan says. */
  private void same(Value result, Value x) {
    TileLayout rows = replicatedRows.plan().rows(result);
    if (rows == null) {
      cx.bind(result, cx.get(x));
      return;
    }
    // the same registers: x's form in its own layout, if it has one, serves the result too
    CValue.Tile canonical = cx.peek(x) instanceof CValue.Replicated held ? held.canonical() : null;
    replicatedRows.bindResult(result, replicatedRows.in(x, rows), canonical);
  }
}
