package dev.kgen.codegen.c;

import dev.kgen.ir.Param;

/**
 * How an IR value appears in the generated C: a uniform scalar expression, a per-thread
 * register array laid out by a {@link TileLayout}, a tile whose elements all equal one uniform
 * expression, or a pointer (a base parameter plus element offsets held as any of the others).
 */
public sealed interface CValue {
  /** The C expression for the element in register slot {@code slot} (any slot for uniform values). */
  String at(String slot);

  /** A uniform value: a variable name or a literal. */
  record Scalar(String expr) implements CValue {
    public String at(String slot) {
      return expr;
    }
  }

  /** A per-thread array {@code array[layout.slots()]}. */
  record Tile(String array, TileLayout layout) implements CValue {
    public String at(String slot) {
      return array + "[" + slot + "]";
    }
  }

  /** A tile whose every element is the uniform expression {@code expr}. */
  record Splat(String expr, TileLayout layout) implements CValue {
    public String at(String slot) {
      return expr;
    }
  }

  /**
   * {@code base + offsets}: the kernel parameter {@code base} (named {@code baseName} in C) and
   * element offsets (64-bit) held as a Scalar, Tile or Splat.
   */
  record Pointer(Param base, String baseName, CValue offsets) implements CValue {
    public Pointer {
      if (offsets instanceof Pointer) {
        throw new IllegalArgumentException("pointer offsets cannot be pointers");
      }
    }

    /** The pointee in storage form, e.g. {@code key_cache_ptr[k_offset[i]]}. */
    public String at(String slot) {
      return baseName + "[" + offsets.at(slot) + "]";
    }
  }

  /**
   * A tile held as the rows of a parent tile's layout ({@link TileLayout#rowsOf}), for the ops
   * that read it so ({@link ReplicatedRows}), and, where other ops read it too, also in its own
   * layout ({@code canonical}, else null). It has no single slot expression.
   */
  record Replicated(Tile rows, Tile canonical) implements CValue {
    public Replicated {
      if (!rows.layout().replicated() || canonical != null && canonical.layout().replicated()) {
        throw new IllegalArgumentException("replicated rows " + rows.layout() + " with canonical form "
            + (canonical == null ? null : canonical.layout()));
      }
    }

    public String at(String slot) {
      throw new IllegalStateException("replicated rows " + rows.array() + " have two forms: read rows() or canonical()");
    }
  }

  /** Whether every element is the same uniform expression (scalars and splats). */
  default boolean uniform() {
    return this instanceof Scalar || this instanceof Splat;
  }
}
