package dev.kgen.ir;

/** Elementwise one-operand operations. */
public enum UnaryOp {
  NEG("neg"),
  NOT("not"),
  EXP("exp"),
  EXP2("exp2"),
  LOG("log"),
  SQRT("sqrt"),
  RSQRT("rsqrt"),
  ABS("abs");

  private final String irName;

  UnaryOp(String irName) {
    this.irName = irName;
  }

  public String irName() {
    return irName;
  }

  /** Whether the operation is only defined on floating-point operands. */
  public boolean floatOnly() {
    return this != NEG && this != NOT && this != ABS;
  }
}
