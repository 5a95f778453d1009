package dev.kgen.dsl;

import dev.kgen.ir.Kernel;
import dev.kgen.ir.passes.PassPipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A kernel written in the DSL: a name, its constexpr declarations and a body. {@link
 * #specialize} binds the constexprs, traces the body into IR, runs the standard passes and
 * returns the immutable specialized {@link Kernel} (memoized per binding).
 */
public final class KernelDef {
  private final String name;
  private final Map<String, ConstexprDecl> constexprs;
  private final KernelBody body;
  private final Map<Map<String, Object>, Kernel> specialized = new ConcurrentHashMap<>();

  private KernelDef(Builder b) {
    this.name = Objects.requireNonNull(b.name, "name");
    this.constexprs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.constexprs));
    this.body = Objects.requireNonNull(b.body, "kernel " + name + " has no body");
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  /** The declared constexprs in declaration order. */
  public List<ConstexprDecl> constexprs() {
    return List.copyOf(constexprs.values());
  }

  /**
   * Binds every declared constexpr (those with defaults may be left out) and returns the
   * specialized kernel. Unknown names, missing values and values of the wrong kind are errors.
   */
  public Kernel specialize(Map<String, ?> values) {
    Map<String, Object> bound = bind(values);
    return specialized.computeIfAbsent(bound, b -> PassPipeline.standard().run(KernelBuilder.trace(name, b, constexprs, body)));
  }

  private Map<String, Object> bind(Map<String, ?> values) {
    for (String key : values.keySet()) {
      if (!constexprs.containsKey(key)) {
        throw new DslException("kernel " + name + " has no constexpr '" + key + "'; declared: "
            + String.join(", ", constexprs.keySet()));
      }
    }
    Map<String, Object> bound = new TreeMap<>();
    List<String> missing = new ArrayList<>();
    for (ConstexprDecl d : constexprs.values()) {
      Object v = values.get(d.name());
      if (v == null) {
        v = d.defaultValue();
      }
      if (v == null) {
        missing.add(d.name());
        continue;
      }
      bound.put(d.name(), ConstexprDecl.coerce(d.name(), d.kind(), v));
    }
    if (!missing.isEmpty()) {
      throw new DslException("kernel " + name + ": unbound constexpr " + String.join(", ", missing)
          + "; bind a value for each in the specialization map");
    }
    return bound;
  }

  /** Builds a {@link KernelDef}. */
  public static final class Builder {
    private final String name;
    private final Map<String, ConstexprDecl> constexprs = new LinkedHashMap<>();
    private KernelBody body;

    private Builder(String name) {
      this.name = name;
    }

    private Builder declare(ConstexprDecl d) {
      if (constexprs.putIfAbsent(d.name(), d) != null) {
        throw new IllegalArgumentException("constexpr " + d.name() + " is declared twice in kernel " + name);
      }
      return this;
    }

    public Builder constexprInt(String n) {
      return declare(new ConstexprDecl(n, ConstexprDecl.Kind.INT, null));
    }

    public Builder constexprInt(String n, int defaultValue) {
      return declare(new ConstexprDecl(n, ConstexprDecl.Kind.INT, defaultValue));
    }

    public Builder constexprBool(String n) {
      return declare(new ConstexprDecl(n, ConstexprDecl.Kind.BOOL, null));
    }

    public Builder constexprBool(String n, boolean defaultValue) {
      return declare(new ConstexprDecl(n, ConstexprDecl.Kind.BOOL, defaultValue));
    }

    public Builder constexprDType(String n) {
      return declare(new ConstexprDecl(n, ConstexprDecl.Kind.DTYPE, null));
    }

    public Builder constexprDType(String n, dev.kgen.ir.DType defaultValue) {
      return declare(new ConstexprDecl(n, ConstexprDecl.Kind.DTYPE, defaultValue));
    }

    public Builder body(KernelBody b) {
      this.body = b;
      return this;
    }

    public KernelDef build() {
      return new KernelDef(this);
    }
  }
}
