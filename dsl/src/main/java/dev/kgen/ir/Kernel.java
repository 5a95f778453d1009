package dev.kgen.ir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A specialized kernel: constexprs folded, run-time parameters typed, body a block of ops. Its
 * identity is its printed IR: equality, hash code and {@link #contentHash()} go through
 * {@link IrPrinter}.
 */
public final class Kernel {
  private final String name;
  private final List<Param> params;
  private final Map<String, Object> constexprs;
  private final Block body;
  private final int nextValueId;
  private final String printed;

  private Kernel(Builder b) {
    this.name = Objects.requireNonNull(b.name, "name");
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("kernel name '" + name + "' must be a C identifier");
    }
    this.params = List.copyOf(b.params);
    this.constexprs = Collections.unmodifiableMap(new TreeMap<>(b.constexprs));
    this.body = Objects.requireNonNull(b.body, "body");
    this.nextValueId = b.nextValueId;
    this.printed = IrPrinter.print(this);
  }

  public static Builder builder(String name) {
    return new Builder().name(name);
  }

  public Builder toBuilder() {
    Builder b = new Builder().name(name).body(body).nextValueId(nextValueId);
    params.forEach(b::addParam);
    b.constexprs.putAll(constexprs);
    return b;
  }

  public String name() {
    return name;
  }

  public List<Param> params() {
    return params;
  }

  /** The constexpr values this kernel was specialized on, sorted by name. */
  public Map<String, Object> constexprs() {
    return constexprs;
  }

  public Block body() {
    return body;
  }

  /** One more than the largest value id in use: passes create new values from here. */
  public int nextValueId() {
    return nextValueId;
  }

  /** The textual IR. */
  public String print() {
    return printed;
  }

  /** SHA-256 of the printed IR, in hex. */
  public String contentHash() {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(printed.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Kernel k && k.printed.equals(printed);
  }

  @Override
  public int hashCode() {
    return printed.hashCode();
  }

  @Override
  public String toString() {
    return printed;
  }

  /** Builds a {@link Kernel}. */
  public static final class Builder {
    private String name;
    private final List<Param> params = new ArrayList<>();
    private final Map<String, Object> constexprs = new TreeMap<>();
    private Block body;
    private int nextValueId;

    private Builder() {}

    public Builder name(String n) {
      this.name = n;
      return this;
    }

    public Builder addParam(Param p) {
      for (Param q : params) {
        if (q.name().equals(p.name())) {
          throw new IllegalArgumentException("kernel parameter '" + p.name() + "' is declared twice");
        }
      }
      params.add(p);
      return this;
    }

    public Builder constexpr(String key, Object value) {
      constexprs.put(key, value);
      return this;
    }

    public Builder body(Block b) {
      this.body = b;
      return this;
    }

    public Builder nextValueId(int id) {
      this.nextValueId = id;
      return this;
    }

    public Kernel build() {
      return new Kernel(this);
    }
  }
}
