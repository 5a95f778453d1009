package dev.kgen.codegen.c;

/**
 * The operations an emitter looks up in a dialect's {@link IntrinsicTable}: the IR's unary and
 * binary arithmetic plus the few building blocks the conversion helpers and dot products use.
 */
public enum Fn {
  NEG,
  NOT,
  EXP,
  EXP2,
  LOG,
  SQRT,
  RSQRT,
  ABS,
  ADD,
  SUB,
  MUL,
  DIV,
  REM,
  MAX,
  MIN,
  AND,
  OR,
  XOR,
  SHL,
  SHR,
  LT,
  LE,
  GT,
  GE,
  EQ,
  NE,
  /** {@code a*b + c} with one rounding, for dot products. */
  FMA,
  /** Round to an integral value, ties to even. */
  RINT,
  COPYSIGN,
  /** Reinterpret float bits as a 32-bit unsigned integer. */
  FLOAT_AS_UINT,
  /** Reinterpret a 32-bit unsigned integer as float bits. */
  UINT_AS_FLOAT;

  /** The function for an IR unary op. */
  public static Fn of(dev.kgen.ir.UnaryOp op) {
    return valueOf(op.name());
  }

  /** The function for an IR binary op. */
  public static Fn of(dev.kgen.ir.BinaryOp op) {
    return valueOf(op.name());
  }
}
