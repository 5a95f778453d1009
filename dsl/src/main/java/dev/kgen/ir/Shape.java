package dev.kgen.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The static shape of a tile; the empty shape is a scalar. */
public record Shape(List<Integer> dims) {
  public static final Shape SCALAR = new Shape(List.of());

  public Shape {
    dims = List.copyOf(dims);
    for (int d : dims) {
      if (d < 1) {
        throw new IllegalArgumentException("tile dimensions must be >= 1, got " + dims);
      }
    }
  }

  public static Shape of(int... dims) {
    return new Shape(Arrays.stream(dims).boxed().toList());
  }

  public int rank() {
    return dims.size();
  }

  public boolean isScalar() {
    return dims.isEmpty();
  }

  public int dim(int axis) {
    return dims.get(axis);
  }

  /** The number of elements (1 for a scalar). */
  public int numel() {
    int n = 1;
    for (int d : dims) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  public Shape withoutAxis(int axis) {
    List<Integer> d = new ArrayList<>(dims);
    d.remove(axis);
    return new Shape(d);
  }

  public Shape withAxisInserted(int axis) {
    List<Integer> d = new ArrayList<>(dims);
    d.add(axis, 1);
    return new Shape(d);
  }

  /** Row-major strides of a dense tile of this shape. */
  public int[] denseStrides() {
    int[] s = new int[rank()];
    int acc = 1;
    for (int i = rank() - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= dims.get(i);
    }
    return s;
  }

  @Override
  public String toString() {
    return dims.toString();
  }
}
