package dev.kgen.codegen.jvm;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.kgen.ir.BinaryOp;
import dev.kgen.ir.DType;
import dev.kgen.ir.ReduceOp;
import dev.kgen.ir.UnaryOp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The op-by-dtype table of the Java backend: how each elementwise op, cast and reduction is
 * written in Java so that it returns exactly what the interpreter computes. The forms are data;
 * the rules that pick one are numbered:
 *
 * <ol>
 *   <li>An op computes in the operands' Java type, then {@link #round} brings the raw result to
 *       the result dtype: {@code (float)} for fp32 unless the op was already a float op, a
 *       {@link JvmIntrinsics} rounding call for fp16, bf16 and fp8, {@code (int)} for i32
 *       computed in long, {@code != 0} for i1 computed as an integer.
 *   <li>Integer division and remainder truncate toward zero and give 0 for a zero divisor
 *       (Java's operators, through an intrinsic unless the divisor is a non-zero literal).
 *   <li>i32 shifts are done in 64 bits and wrapped, as the interpreter shifts longs.
 *   <li>Boolean operands of arithmetic (and of ordered comparisons) become 0 or 1 first.
 *   <li>Transcendentals call {@link Math} in double, like the interpreter, then round.
 *   <li>Sums accumulate in double (floats) or long (integers) and round once at the end.
 * </ol>
 *
 * <p>Integer arithmetic wraps like hardware; the interpreter computes through doubles, so the
 * two differ only where an intermediate exceeds 2^53 in magnitude.
 */
final class ElementOps {
  static final ClassName INTRINSICS = ClassName.get(JvmIntrinsics.class);

  /** A Java form for an op: the format over its operands, whether it is a call, its type. */
  private record Form(String format, boolean call, Result result) {}

  /** The Java type of a form's value. */
  private enum Result {
    WIDEST_OPERAND,
    BOOLEAN,
    DOUBLE
  }

  private static final Map<BinaryOp, Form> BINARY = new EnumMap<>(BinaryOp.class);
  private static final Map<BinaryOp, Form> INTEGER_BINARY = new EnumMap<>(BinaryOp.class);
  private static final Map<BinaryOp, Form> I32_BINARY = new EnumMap<>(BinaryOp.class);
  private static final Map<UnaryOp, Form> UNARY = new EnumMap<>(UnaryOp.class);
  private static final Map<UnaryOp, Form> INTEGER_UNARY = new EnumMap<>(UnaryOp.class);
  private static final Map<DType, String> ROUNDING = new EnumMap<>(DType.class);

  static {
    BINARY.put(BinaryOp.ADD, infix("+"));
    BINARY.put(BinaryOp.SUB, infix("-"));
    BINARY.put(BinaryOp.MUL, infix("*"));
    BINARY.put(BinaryOp.DIV, infix("/"));
    BINARY.put(BinaryOp.REM, infix("%"));
    BINARY.put(BinaryOp.MAX, new Form("Math.max($L, $L)", true, Result.WIDEST_OPERAND));
    BINARY.put(BinaryOp.MIN, new Form("Math.min($L, $L)", true, Result.WIDEST_OPERAND));
    BINARY.put(BinaryOp.AND, infix("&"));
    BINARY.put(BinaryOp.OR, infix("|"));
    BINARY.put(BinaryOp.XOR, infix("^"));
    BINARY.put(BinaryOp.SHL, infix("<<"));
    BINARY.put(BinaryOp.SHR, infix(">>"));
    BINARY.put(BinaryOp.LT, comparison("<"));
    BINARY.put(BinaryOp.LE, comparison("<="));
    BINARY.put(BinaryOp.GT, comparison(">"));
    BINARY.put(BinaryOp.GE, comparison(">="));
    BINARY.put(BinaryOp.EQ, comparison("=="));
    BINARY.put(BinaryOp.NE, comparison("!="));
    // rule 2
    INTEGER_BINARY.put(BinaryOp.DIV, new Form("$T.div($L, $L)", true, Result.WIDEST_OPERAND));
    INTEGER_BINARY.put(BinaryOp.REM, new Form("$T.rem($L, $L)", true, Result.WIDEST_OPERAND));
    // rule 3
    I32_BINARY.put(BinaryOp.SHL, new Form("(int) ((long) $L << $L)", false, Result.WIDEST_OPERAND));
    I32_BINARY.put(BinaryOp.SHR, new Form("(int) ((long) $L >> $L)", false, Result.WIDEST_OPERAND));
    // rule 5
    UNARY.put(UnaryOp.NEG, new Form("-$L", false, Result.WIDEST_OPERAND));
    UNARY.put(UnaryOp.EXP, new Form("Math.exp($L)", true, Result.DOUBLE));
    UNARY.put(UnaryOp.EXP2, new Form("Math.pow(2.0, $L)", true, Result.DOUBLE));
    UNARY.put(UnaryOp.LOG, new Form("Math.log($L)", true, Result.DOUBLE));
    UNARY.put(UnaryOp.SQRT, new Form("Math.sqrt($L)", true, Result.DOUBLE));
    UNARY.put(UnaryOp.RSQRT, new Form("1.0 / Math.sqrt($L)", false, Result.DOUBLE));
    UNARY.put(UnaryOp.ABS, new Form("Math.abs($L)", true, Result.WIDEST_OPERAND));
    INTEGER_UNARY.put(UnaryOp.NEG, new Form("-$L", false, Result.WIDEST_OPERAND));
    INTEGER_UNARY.put(UnaryOp.NOT, new Form("~$L", false, Result.WIDEST_OPERAND));
    INTEGER_UNARY.put(UnaryOp.ABS, new Form("Math.abs($L)", true, Result.WIDEST_OPERAND));
    ROUNDING.put(DType.BF16, "roundBf16");
    ROUNDING.put(DType.F16, "roundF16");
    ROUNDING.put(DType.FP8E4M3, "roundFp8e4m3");
    ROUNDING.put(DType.FP8E5M2, "roundFp8e5m2");
  }

  private static Form infix(String op) {
    return new Form("$L " + op + " $L", false, Result.WIDEST_OPERAND);
  }

  private static Form comparison(String op) {
    return new Form("$L " + op + " $L", false, Result.BOOLEAN);
  }

  private final JavaCodegenOptions options;

  ElementOps(JavaCodegenOptions options) {
    this.options = options;
  }

  JavaType storage(DType d) {
    return JavaType.of(d, options);
  }

  Expr literal(double v, DType d) {
    return storage(d).literal(v);
  }

  // ---- elementwise ----------------------------------------------------------------------

  Expr unary(UnaryOp op, DType t, Expr x) {
    if (t.isBool()) {
      // -b and |b| are b again once converted back to i1
      return op == UnaryOp.NOT ? Expr.compound(JavaType.BOOLEAN, "!$L", x.operand()) : x;
    }
    Form f = t.isInt() ? INTEGER_UNARY.get(op) : UNARY.get(op);
    if (f == null) {
      throw new IllegalArgumentException(op.irName() + " is not defined on " + t);
    }
    return round(apply(f, x), t);
  }

  Expr binary(BinaryOp op, DType operand, DType result, Expr a, Expr b) {
    boolean lifted = false;
    if (operand.isBool() && !(op == BinaryOp.AND || op == BinaryOp.OR || op == BinaryOp.XOR || op == BinaryOp.EQ
        || op == BinaryOp.NE)) {
      // rule 4
      a = boolToInt(a);
      b = boolToInt(b);
      lifted = true;
    }
    Form f = null;
    if (operand == DType.I32 || lifted) {
      f = I32_BINARY.get(op);
    }
    if (f == null && (operand.isInt() || lifted) && !nonZeroConstant(b)) {
      f = INTEGER_BINARY.get(op);
    }
    if (f == null) {
      f = BINARY.get(op);
    }
    Expr raw = apply(f, a, b);
    return op.isComparison() ? raw : round(raw, result);
  }

  Expr select(Expr cond, Expr a, Expr b) {
    return Expr.compound(widest(a.type(), b.type()), "$L ? $L : $L", cond.operand(), a.operand(), b.operand());
  }

  /** Converts between dtypes as the interpreter's cast does (floats to ints truncate). */
  Expr cast(DType from, DType to, Expr x) {
    if (from == to) {
      return x;
    }
    if (to.isBool()) {
      return Expr.compound(JavaType.BOOLEAN, "$L != 0", x.operand());
    }
    if (from.isBool()) {
      return Expr.compound(storage(to), "$L ? $L : $L", x.operand(), literal(1, to).code(), literal(0, to).code());
    }
    if (from.isFloat() && to.isInt()) {
      // Java's (long) truncates toward zero and maps NaN to 0, as the interpreter's floor/ceil then (long)
      return to == DType.I32 ? Expr.compound(JavaType.INT, "(int) (long) $L", x.operand())
          : Expr.compound(JavaType.LONG, "(long) $L", x.operand());
    }
    if (to.isInt()) {
      return Expr.compound(storage(to), to == DType.I32 ? "(int) $L" : "(long) $L", x.operand());
    }
    if (from == DType.I64 && to == DType.F32) {
      // the interpreter holds the i64 as a double first: round to double, then to float
      return Expr.compound(JavaType.FLOAT, "(float) (double) $L", x.operand());
    }
    if (to == DType.F64) {
      return x.type() == JavaType.DOUBLE ? x : Expr.compound(JavaType.DOUBLE, "(double) $L", x.operand());
    }
    return round(x, to);
  }

  /** Rule 1: the raw value rounded to dtype {@code t}. */
  Expr round(Expr raw, DType t) {
    switch (t) {
      case I1:
        return raw.type() == JavaType.BOOLEAN ? raw : Expr.compound(JavaType.BOOLEAN, "$L != 0", raw.operand());
      case I32:
        return raw.type() == JavaType.INT ? raw : Expr.compound(JavaType.INT, "(int) $L", raw.operand());
      case I64:
      case F64:
        return raw;
      case F32:
        return raw.type() == JavaType.FLOAT ? raw : Expr.compound(JavaType.FLOAT, "(float) $L", raw.operand());
      default:
        return Expr.atom(JavaType.DOUBLE, "$T.$L($L)", INTRINSICS, ROUNDING.get(t), raw.code());
    }
  }

  /** Java's / and % already truncate toward zero: only a possible zero divisor needs the intrinsic. */
  private static boolean nonZeroConstant(Expr e) {
    return e.constant() != null && e.constant() != 0;
  }

  private static Expr boolToInt(Expr b) {
    return Expr.compound(JavaType.INT, "$L ? 1 : 0", b.operand());
  }

  private static Expr apply(Form f, Expr... operands) {
    List<Object> args = new ArrayList<>();
    if (f.format().contains("$T")) {
      args.add(INTRINSICS);
    }
    JavaType widest = null;
    for (Expr e : operands) {
      args.add(f.call() ? e.code() : e.operand());
      widest = widest == null ? e.type() : widest(widest, e.type());
    }
    JavaType type = switch (f.result()) {
      case BOOLEAN -> JavaType.BOOLEAN;
      case DOUBLE -> JavaType.DOUBLE;
      default -> widest;
    };
    CodeBlock code = CodeBlock.of(f.format(), args.toArray());
    return new Expr(code, type, f.call());
  }

  /** Java's binary numeric promotion over the types this backend uses. */
  static JavaType widest(JavaType a, JavaType b) {
    return a.ordinal() >= b.ordinal() ? a : b;
  }

  // ---- reductions (rule 6) --------------------------------------------------------------

  /** The Java type that accumulates a reduction of {@code t}. */
  JavaType accumulator(ReduceOp op, DType t) {
    if (op == ReduceOp.SUM) {
      return t.isFloat() ? JavaType.DOUBLE : JavaType.LONG;
    }
    return storage(t);
  }

  Expr identity(ReduceOp op, DType t) {
    JavaType acc = accumulator(op, t);
    if (op == ReduceOp.SUM) {
      return acc.literal(0);
    }
    boolean max = op == ReduceOp.MAX;
    switch (acc) {
      case INT:
        return Expr.atom(acc, max ? "Integer.MIN_VALUE" : "Integer.MAX_VALUE");
      case LONG:
        return Expr.atom(acc, max ? "Long.MIN_VALUE" : "Long.MAX_VALUE");
      default:
        return acc.literal(op.identity());
    }
  }

  /** The statement that folds element {@code x} into {@code acc}. */
  CodeBlock fold(ReduceOp op, String acc, Expr x) {
    switch (op) {
      case SUM:
        return CodeBlock.of("$L += $L", acc, x.code());
      case MAX:
        return CodeBlock.of("$L = Math.max($L, $L)", acc, acc, x.code());
      default:
        return CodeBlock.of("$L = Math.min($L, $L)", acc, acc, x.code());
    }
  }
}
