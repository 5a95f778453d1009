package dev.kgen.ir;

/**
 * A run-time kernel argument: a pointer to elements of a dtype, or a scalar. Constexprs are
 * not parameters: specialization folds them into the body.
 */
public record Param(String name, Value value) {
  public boolean isPointer() {
    return value.type().pointer();
  }

  public DType dtype() {
    return value.dtype();
  }
}
