package dev.kgen.interp;

import dev.kgen.ir.Shape;

/**
 * A tile's contents during interpretation, row-major. Every dtype is held as doubles already
 * rounded to the dtype (integers up to 2^53 are exact). A pointer tile holds the index of the
 * argument buffer it points into and per-element offsets in elements.
 */
record TileValue(Shape shape, double[] data, int buffer, long[] offsets) {
  static TileValue of(Shape shape, double[] data) {
    return new TileValue(shape, data, -1, null);
  }

  static TileValue pointer(Shape shape, int buffer, long[] offsets) {
    return new TileValue(shape, null, buffer, offsets);
  }

  boolean isPointer() {
    return offsets != null;
  }

  double scalar() {
    return data[0];
  }

  int size() {
    return isPointer() ? offsets.length : data.length;
  }
}
