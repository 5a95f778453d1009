package dev.kgen.codegen.c;

import dev.kgen.ir.BinaryOp;
import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.function.Function;

/**
 * Where a 2-D tile is zero by construction: the first index along an axis from which every
 * element is an exact zero, because a load's mask is false there (an {@code arange} compared
 * with a constant, as a padded head's {@code offs_d < HEAD_SIZE}) and its masked-off elements
 * are zero. A tensor-core product then skips those steps. Casts keep zeros; transposes swap the
 * axes; anything else is not known, and the answer is the whole axis.
 */
final class KnownZeros {
  private final Function<Value, Op> definitions;

  KnownZeros(Function<Value, Op> definitions) {
    this.definitions = definitions;
  }

  /** The first index along {@code axis} of the 2-D tile {@code v} from which it is zero; its size when none is known. */
  int zeroFrom(Value v, int axis) {
    int size = v.shape().dim(axis);
    Op def = definitions.apply(v);
    if (def instanceof Op.Cast c && c.x().shape().equals(v.shape())) {
      return zeroFrom(c.x(), axis);
    }
    if (def instanceof Op.Trans t) {
      return zeroFrom(t.x(), 1 - axis);
    }
    if (def instanceof Op.Load l && l.mask() != null && (l.other() == null || isZero(l.other()))) {
      return Math.min(size, falseFrom(l.mask(), axis, 2));
    }
    return size;
  }

  /**
   * The first index along {@code axis} (of {@code rank} axes) from which the i1 tile {@code m} is
   * false in every row; its size when none is known.
   */
  private int falseFrom(Value m, int axis, int rank) {
    int size = m.shape().rank() == rank ? m.shape().dim(axis) : Integer.MAX_VALUE;
    Op def = definitions.apply(m);
    if (def instanceof Op.Binary b && b.op() == BinaryOp.AND) {
      return Math.min(falseFrom(b.a(), axis, rank), falseFrom(b.b(), axis, rank));
    }
    if (def instanceof Op.Broadcast br && br.x().shape().rank() == rank
        && br.x().shape().dim(axis) == m.shape().dim(axis)) {
      return falseFrom(br.x(), axis, rank); // broadcast along the other axis only
    }
    if (def instanceof Op.ExpandDims e && rank == 2 && e.axis() == 1 - axis && e.x().shape().rank() == 1) {
      return falseFrom(e.x(), 0, 1); // [n] as a row (axis 1) or a column (axis 0)
    }
    if (rank == 1 && def instanceof Op.Binary b && b.op() == BinaryOp.LT
        && definitions.apply(b.a()) instanceof Op.Arange r && r.start() == 0) {
      Double bound = constant(b.b());
      if (bound != null) {
        return (int) Math.max(0, Math.min(r.end(), Math.ceil(bound)));
      }
    }
    return size;
  }

  /** The value every element of {@code v} holds, where it is a constant ({@code full}, broadcast or not), else null. */
  private Double constant(Value v) {
    Op def = definitions.apply(v);
    if (def instanceof Op.Full f) {
      return f.value();
    }
    if (def instanceof Op.Broadcast br) {
      return constant(br.x());
    }
    return null;
  }

  private boolean isZero(Value v) {
    Double c = constant(v);
    return c != null && c == 0.0;
  }
}
