package dev.kgen.dsl;

import dev.kgen.ir.DType;

/** A compile-time parameter of a kernel: its name, kind and optional default value. */
public record ConstexprDecl(String name, Kind kind, Object defaultValue) {
  /** What values a constexpr takes. */
  public enum Kind {
    INT,
    BOOL,
    DTYPE
  }

  public ConstexprDecl {
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("constexpr name '" + name + "' must be an identifier");
    }
    if (defaultValue != null) {
      defaultValue = coerce(name, kind, defaultValue);
    }
  }

  /** Checks and normalizes a bound value: ints as Integer, bools as Boolean, dtypes as DType. */
  static Object coerce(String name, Kind kind, Object v) {
    switch (kind) {
      case INT:
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
          return Math.toIntExact(((Number) v).longValue());
        }
        break;
      case BOOL:
        if (v instanceof Boolean) {
          return v;
        }
        break;
      default:
        if (v instanceof DType) {
          return v;
        }
        if (v instanceof String s) {
          try {
            return DType.fromIrName(s);
          } catch (IllegalArgumentException e) {
            throw new DslException("constexpr " + name + ": " + e.getMessage());
          }
        }
        break;
    }
    throw new DslException("constexpr " + name + " expects " + kind.name().toLowerCase() + ", got "
        + (v == null ? "null" : v.getClass().getSimpleName() + " " + v));
  }
}
