package dev.kgen.ir;

/**
 * Elementwise two-operand operations on operands of one dtype and shape. Integer DIV and REM
 * truncate toward zero (C semantics, as Triton's {@code //} and {@code %} on ints).
 */
public enum BinaryOp {
  ADD("add", false),
  SUB("sub", false),
  MUL("mul", false),
  DIV("div", false),
  REM("rem", false),
  MAX("max", false),
  MIN("min", false),
  AND("and", false),
  OR("or", false),
  XOR("xor", false),
  SHL("shl", false),
  SHR("shr", false),
  LT("lt", true),
  LE("le", true),
  GT("gt", true),
  GE("ge", true),
  EQ("eq", true),
  NE("ne", true);

  private final String irName;
  private final boolean comparison;

  BinaryOp(String irName, boolean comparison) {
    this.irName = irName;
    this.comparison = comparison;
  }

  public String irName() {
    return irName;
  }

  /** Comparisons yield i1. */
  public boolean isComparison() {
    return comparison;
  }

  /** Bitwise and shift operations, defined on integers and booleans only. */
  public boolean isBitwise() {
    return this == AND || this == OR || this == XOR || this == SHL || this == SHR;
  }
}
