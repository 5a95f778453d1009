package dev.kgen.ir;

/**
 * An SSA value: defined once by one op (or as a kernel parameter or a block argument). Values
 * compare by identity; {@code id} is unique within one kernel and orders values by creation.
 */
public final class Value {
  private final int id;
  private final Type type;
  private final String name;

  public Value(int id, Type type, String name) {
    this.id = id;
    this.type = type;
    this.name = name;
  }

  public int id() {
    return id;
  }

  public Type type() {
    return type;
  }

  public DType dtype() {
    return type.dtype();
  }

  public Shape shape() {
    return type.shape();
  }

  /** The name the kernel author gave, or null. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "%" + (name != null ? name : Integer.toString(id)) + ": " + type;
  }
}
