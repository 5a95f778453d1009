package dev.kgen.codegen.jvm;

import dev.kgen.codegen.jvm.Elem.Iota;
import dev.kgen.codegen.jvm.Elem.Uniform;
import dev.kgen.ir.BinaryOp;
import dev.kgen.ir.Shape;

/**
 * Masks whose value the emitter can decide: a comparison of an arange with a constant that holds
 * (or fails) for every element, and {@code and}/{@code or} with such a mask. Kernels write
 * {@code offs_d < HEAD_SIZE} over {@code arange(0, HEAD_SIZE_PADDED)}; when the head size is
 * already a power of two that mask is all true, and a load or store under it need not test an
 * element at a time (a branch and an array read per element in the hottest loops).
 */
final class KnownMask {
  private KnownMask() {}

  /** The smallest and largest element of an integer tile, when they are known. */
  private record Range(double min, double max) {}

  /**
   * The folded result of {@code a op b} (operands of shape {@code shape}), or null when it is not
   * known at code-generation time.
   */
  static Elem fold(BinaryOp op, Elem a, Elem b, Shape shape) {
    if (op == BinaryOp.AND || op == BinaryOp.OR) {
      Boolean ka = constant(a);
      Boolean kb = constant(b);
      boolean absorbing = op == BinaryOp.OR;
      if (Boolean.valueOf(absorbing).equals(ka) || Boolean.valueOf(absorbing).equals(kb)) {
        return bool(absorbing);
      }
      if (Boolean.valueOf(!absorbing).equals(ka)) {
        return b;
      }
      return Boolean.valueOf(!absorbing).equals(kb) ? a : null;
    }
    Range ra = range(a, shape);
    Range rb = range(b, shape);
    if (ra == null || rb == null) {
      return null;
    }
    switch (op) {
      case LT:
        return decided(ra.max() < rb.min(), ra.min() >= rb.max());
      case LE:
        return decided(ra.max() <= rb.min(), ra.min() > rb.max());
      case GT:
        return decided(ra.min() > rb.max(), ra.max() <= rb.min());
      case GE:
        return decided(ra.min() >= rb.max(), ra.max() < rb.min());
      default:
        return null;
    }
  }

  /** Whether every element of {@code mask} is known to be true. */
  static boolean allTrue(Elem mask) {
    return Boolean.TRUE.equals(constant(mask));
  }

  private static Elem decided(boolean always, boolean never) {
    return always ? bool(true) : never ? bool(false) : null;
  }

  private static Elem bool(boolean v) {
    return new Uniform(JavaType.BOOLEAN.literal(v ? 1 : 0), null);
  }

  private static Boolean constant(Elem e) {
    if (e instanceof Uniform u && u.storage() == null && u.value().type() == JavaType.BOOLEAN
        && u.value().constant() != null) {
      return u.value().constant() != 0;
    }
    return null;
  }

  private static Range range(Elem e, Shape shape) {
    if (e instanceof Iota i && i.axis() < shape.rank()) {
      return new Range(i.start(), i.start() + shape.dim(i.axis()) - 1);
    }
    if (e instanceof Uniform u && u.storage() == null && u.value().constant() != null
        && (u.value().type() == JavaType.INT || u.value().type() == JavaType.LONG)) {
      return new Range(u.value().constant(), u.value().constant());
    }
    return null;
  }
}
