package dev.kgen.codegen.jvm;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.TypeName;
import dev.kgen.ir.DType;

/**
 * The Java primitive that holds elements of a dtype: i1 as boolean, i32 as int, i64 as long,
 * fp32 as float (or double, see {@link JavaCodegenOptions#floatForFp32()}), and fp64, fp16,
 * bf16 and fp8 as double holding a value already rounded to the dtype, as the interpreter does.
 */
enum JavaType {
  BOOLEAN(TypeName.BOOLEAN),
  /** Only for arrays of stored 8-bit codes (see {@link Elem.Coded}); never a value's type. */
  BYTE(TypeName.BYTE),
  INT(TypeName.INT),
  LONG(TypeName.LONG),
  FLOAT(TypeName.FLOAT),
  DOUBLE(TypeName.DOUBLE);

  private final TypeName name;

  JavaType(TypeName name) {
    this.name = name;
  }

  static JavaType of(DType d, JavaCodegenOptions options) {
    switch (d) {
      case I1:
        return BOOLEAN;
      case I32:
        return INT;
      case I64:
        return LONG;
      case F32:
        return options.floatForFp32() ? FLOAT : DOUBLE;
      default:
        return DOUBLE;
    }
  }

  TypeName typeName() {
    return name;
  }

  ArrayTypeName arrayTypeName() {
    return ArrayTypeName.of(name);
  }

  /** A literal of this type; {@code v} is already a value of the dtype. */
  Expr literal(double v) {
    switch (this) {
      case BOOLEAN:
        return Expr.constant(this, v != 0 ? 1 : 0, true, v != 0 ? "true" : "false");
      case INT:
        return number(this, Integer.toString((int) v), v);
      case LONG:
        return number(this, (long) v + "L", v);
      case FLOAT:
        return floating(this, (float) v, Float.toString((float) v) + "F", "Float");
      default:
        return floating(this, v, Double.toString(v), "Double");
    }
  }

  private static Expr number(JavaType t, String text, double v) {
    // negative literals are parenthesized so that "a - -1" never prints as "a--1"
    return Expr.constant(t, v, v >= 0, text);
  }

  private static Expr floating(JavaType t, double v, String text, String box) {
    if (Double.isNaN(v)) {
      return Expr.atom(t, box + ".NaN");
    }
    if (Double.isInfinite(v)) {
      return Expr.atom(t, box + (v > 0 ? ".POSITIVE_INFINITY" : ".NEGATIVE_INFINITY"));
    }
    return Expr.constant(t, v, Math.copySign(1.0, v) > 0, text);
  }
}
