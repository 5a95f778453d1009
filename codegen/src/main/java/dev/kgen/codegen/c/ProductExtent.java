package dev.kgen.codegen.c;

import dev.kgen.ir.Op;

/**
 * How much of a tensor-core product {@code C = A x B} is computed: the k steps up to
 * {@code kUsed}, where both A's columns and B's rows are zero from on ({@link KnownZeros}; a zero
 * times a NaN is not zero, so both), and C's columns up to {@code nUsed}, where B's columns are
 * zero from on (C's other columns are zeros). So a copied B's rows from {@code kUsed} and its
 * columns from {@code nUsed} are never read.
 */
record ProductExtent(int kUsed, int nUsed) {
  static ProductExtent of(Op.Dot o, KnownZeros zeros) {
    int k = o.a().shape().dim(1);
    int n = o.b().shape().dim(1);
    int kUsed = Math.min(k, roundUp(Math.max(zeros.zeroFrom(o.a(), 1), zeros.zeroFrom(o.b(), 0)), 16));
    int nUsed = Math.min(n, roundUp(zeros.zeroFrom(o.b(), 1), 8));
    return new ProductExtent(kUsed, nUsed);
  }

  private static int roundUp(int x, int multiple) {
    return (x + multiple - 1) / multiple * multiple;
  }
}
