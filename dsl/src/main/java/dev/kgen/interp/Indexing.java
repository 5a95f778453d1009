package dev.kgen.interp;

import dev.kgen.ir.DType;
import dev.kgen.ir.ReduceOp;
import dev.kgen.ir.Shape;

/** Index arithmetic for broadcasts and reductions over row-major tiles. */
final class Indexing {
  private Indexing() {}

  /** For each element of {@code to}, the element of {@code from} it repeats. */
  static int[] broadcastSource(Shape from, Shape to) {
    int n = to.numel();
    int[] src = new int[n];
    if (from.isScalar()) {
      return src;
    }
    int[] toStrides = to.denseStrides();
    int[] fromStrides = from.denseStrides();
    for (int i = 0; i < n; i++) {
      int rest = i;
      int s = 0;
      for (int d = 0; d < to.rank(); d++) {
        int coord = rest / toStrides[d];
        rest %= toStrides[d];
        s += (from.dim(d) == 1 ? 0 : coord) * fromStrides[d];
      }
      src[i] = s;
    }
    return src;
  }

  static TileValue reduce(ReduceOp op, double[] x, Shape shape, int axis, DType t) {
    Shape out = shape.withoutAxis(axis);
    int outer = 1;
    for (int d = 0; d < axis; d++) {
      outer *= shape.dim(d);
    }
    int len = shape.dim(axis);
    int inner = 1;
    for (int d = axis + 1; d < shape.rank(); d++) {
      inner *= shape.dim(d);
    }
    double[] r = new double[out.numel()];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        double acc = op.identity();
        for (int k = 0; k < len; k++) {
          double v = x[(o * len + k) * inner + i];
          switch (op) {
            case MAX:
              acc = Double.isNaN(acc) || Double.isNaN(v) ? Double.NaN : Math.max(acc, v);
              break;
            case MIN:
              acc = Double.isNaN(acc) || Double.isNaN(v) ? Double.NaN : Math.min(acc, v);
              break;
            default:
              acc += v;
          }
        }
        r[o * inner + i] = t.convert(acc);
      }
    }
    return TileValue.of(out, r);
  }
}
