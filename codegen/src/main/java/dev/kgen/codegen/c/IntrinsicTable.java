package dev.kgen.codegen.c;

import dev.kgen.errors.KgenInternalError;
import dev.kgen.ir.DType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A dialect's spelling of each operation per compute dtype, as data (TVM's intrinsic rules,
 * Halide's per-backend op names). fp16, bf16 and fp8 values are computed as fp32, so their
 * entries are fp32's. Built once per dialect with {@link #builder()}.
 */
public final class IntrinsicTable {
  private final Map<Fn, Map<DType, Intrinsic>> entries;

  private IntrinsicTable(Builder b) {
    Map<Fn, Map<DType, Intrinsic>> copy = new EnumMap<>(Fn.class);
    b.entries.forEach((fn, m) -> copy.put(fn, Collections.unmodifiableMap(new EnumMap<>(m))));
    this.entries = Collections.unmodifiableMap(copy);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The dtype whose registers hold values of {@code d}: fp32 for the small float formats. */
  public static DType computeDType(DType d) {
    return d.isFloat() && d != DType.F64 ? DType.F32 : d;
  }

  public boolean has(Fn fn, DType d) {
    Map<DType, Intrinsic> m = entries.get(fn);
    return m != null && m.containsKey(computeDType(d));
  }

  /** The spelling of {@code fn} on operands of {@code d}; an internal error if the dialect has none. */
  public Intrinsic get(Fn fn, DType d) {
    Map<DType, Intrinsic> m = entries.get(fn);
    Intrinsic i = m == null ? null : m.get(computeDType(d));
    if (i == null) {
      throw new KgenInternalError("no intrinsic for " + fn.name().toLowerCase() + " on " + d
          + " in this dialect; add it to the dialect's intrinsic table");
    }
    return i;
  }

  /** {@code fn} applied to {@code args}. */
  public String apply(Fn fn, DType d, String... args) {
    return get(fn, d).apply(java.util.List.of(args));
  }

  /** Every function name the table calls: generated variables must not shadow them. */
  public Set<String> functionNames() {
    Set<String> names = new TreeSet<>();
    entries.values().forEach(m -> m.values().forEach(i -> {
      if (i instanceof Intrinsic.Call c) {
        names.add(c.name());
      }
    }));
    return names;
  }

  /** Builds an {@link IntrinsicTable}. */
  public static final class Builder {
    private final Map<Fn, Map<DType, Intrinsic>> entries = new EnumMap<>(Fn.class);

    private Builder() {}

    /** Spells {@code fn} as {@code how} on each of {@code dtypes} (compute dtypes: i1, i32, i64, fp32, fp64). */
    public Builder put(Fn fn, Intrinsic how, DType... dtypes) {
      for (DType d : dtypes) {
        if (computeDType(d) != d) {
          throw new IllegalArgumentException(d + " is computed as " + computeDType(d) + "; key the entry by that");
        }
        entries.computeIfAbsent(fn, f -> new EnumMap<>(DType.class)).put(d, how);
      }
      return this;
    }

    public Builder call(Fn fn, String name, DType... dtypes) {
      return put(fn, Intrinsic.call(name), dtypes);
    }

    public Builder infix(Fn fn, String op, DType... dtypes) {
      return put(fn, Intrinsic.infix(op), dtypes);
    }

    public Builder template(Fn fn, String pattern, DType... dtypes) {
      return put(fn, Intrinsic.template(pattern), dtypes);
    }

    public Builder prefix(Fn fn, String op, DType... dtypes) {
      return put(fn, Intrinsic.prefix(op), dtypes);
    }

    public IntrinsicTable build() {
      return new IntrinsicTable(this);
    }
  }
}
