package dev.kgen.ir;

/**
 * The static type of an IR value: element dtype, whether the elements are pointers to that
 * dtype, and the tile shape.
 */
public record Type(DType dtype, boolean pointer, Shape shape) {
  public Type {
    if (dtype == null || shape == null) {
      throw new IllegalArgumentException("a type needs a dtype and a shape");
    }
  }

  public static Type scalar(DType dtype) {
    return new Type(dtype, false, Shape.SCALAR);
  }

  public static Type tile(DType dtype, Shape shape) {
    return new Type(dtype, false, shape);
  }

  public static Type pointerTo(DType dtype) {
    return new Type(dtype, true, Shape.SCALAR);
  }

  public Type withShape(Shape s) {
    return new Type(dtype, pointer, s);
  }

  public Type withDType(DType d) {
    return new Type(d, pointer, shape);
  }

  public boolean isScalar() {
    return shape.isScalar();
  }

  /** e.g. {@code fp32[16, 128]}, {@code i32}, {@code ptr<bf16>[32]}. */
  @Override
  public String toString() {
    String elem = pointer ? "ptr<" + dtype.irName() + ">" : dtype.irName();
    return shape.isScalar() ? elem : elem + shape;
  }
}
