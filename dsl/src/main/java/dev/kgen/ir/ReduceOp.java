package dev.kgen.ir;

/** Reductions along one axis. */
public enum ReduceOp {
  MAX("max"),
  MIN("min"),
  SUM("sum");

  private final String irName;

  ReduceOp(String irName) {
    this.irName = irName;
  }

  public String irName() {
    return irName;
  }

  /** The identity element: -inf for max, +inf for min, 0 for sum. */
  public double identity() {
    switch (this) {
      case MAX:
        return Double.NEGATIVE_INFINITY;
      case MIN:
        return Double.POSITIVE_INFINITY;
      default:
        return 0.0;
    }
  }
}
