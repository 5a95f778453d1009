package dev.kgen.codegen.c;

import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an element of a view lies in the tile it views: expand_dims drops the inserted axis, a
 * transpose swaps the two, a broadcast reads coordinate 0 along the axes it stretched. The
 * coordinates are of any form (C expressions for {@link RematerializedElement}, run steps for
 * {@link RunSteps}), with {@code zero} the form of coordinate 0.
 */
final class ViewCoordinates {
  private ViewCoordinates() {}

  /** The viewed tile and the element's coordinates in it. */
  record Source<T>(Value value, List<T> coordinates) {}

  /** The source element of the element at {@code coords} of {@code op}'s result, or null when {@code op} is no view. */
  static <T> Source<T> of(Op op, List<T> coords, T zero) {
    if (op instanceof Op.ExpandDims x) {
      List<T> inner = new ArrayList<>(coords);
      inner.remove(x.axis());
      return new Source<>(x.x(), inner);
    }
    if (op instanceof Op.Trans t) {
      return new Source<>(t.x(), List.of(coords.get(1), coords.get(0)));
    }
    if (op instanceof Op.Broadcast b) {
      List<T> inner = new ArrayList<>();
      for (int d = 0; d < b.x().shape().rank(); d++) { // a scalar's broadcast: no coordinates
        inner.add(b.x().shape().dim(d) == 1 ? zero : coords.get(d));
      }
      return new Source<>(b.x(), inner);
    }
    return null;
  }
}
