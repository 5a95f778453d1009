package dev.kgen.codegen.c;

import dev.kgen.ir.Value;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Gives each IR value a C variable name: the DSL name where the author gave one, else
 * {@code v<id>}; names that are reserved, start with {@code __} or the emitters' {@code kgen_}
 * prefix are prefixed with {@code u_}, and repeats get {@code _1}, {@code _2}. Names are handed
 * out in definition order, so the result is deterministic.
 */
public final class NameTable {
  private final Set<String> reserved;
  private final Set<String> taken = new HashSet<>();
  private final Map<Value, String> names = new IdentityHashMap<>();

  public NameTable(Set<String> dialectReserved) {
    this.reserved = new HashSet<>(ReservedWords.WORDS);
    this.reserved.addAll(dialectReserved);
  }

  /** A fresh unique name based on {@code wanted}. */
  public String fresh(String wanted) {
    String base = wanted;
    if (reserved.contains(base) || base.startsWith("__") || base.startsWith("kgen_")) {
      base = "u_" + base;
    }
    String n = base;
    for (int i = 1; taken.contains(n) || reserved.contains(n); i++) {
      n = base + "_" + i;
    }
    taken.add(n);
    return n;
  }

  /** A fresh unique name for an emitter temporary; {@code base} should start with {@code kgen_}. */
  public String internal(String base) {
    String n = base;
    for (int i = 1; taken.contains(n); i++) {
      n = base + "_" + i;
    }
    taken.add(n);
    return n;
  }

  /** Whether {@link #define} has named {@code v}. */
  public boolean isNamed(Value v) {
    return names.containsKey(v);
  }

  /** Names {@code v} (once); later calls return the same name. */
  public String define(Value v) {
    String n = names.get(v);
    if (n == null) {
      n = fresh(v.name() != null ? v.name() : "v" + v.id());
      names.put(v, n);
    }
    return n;
  }
}
