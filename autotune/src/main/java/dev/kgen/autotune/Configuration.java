package dev.kgen.autotune;

import java.util.Collections;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One point of a tuning space: parameter names mapped to int or string values, sorted by name so
 * that {@link #toString()} is stable, e.g. {@code "TILE_N=32,THREADS=128"}, and {@link
 * #parse(String)} reads it back.
 */
public final class Configuration implements Comparable<Configuration> {
  private static final Pattern INT = Pattern.compile("-?[0-9]+");
  private static final Configuration EMPTY = new Configuration(new Builder());

  private final SortedMap<String, Object> values;
  private final String text;

  private Configuration(Builder builder) {
    this.values = Collections.unmodifiableSortedMap(new TreeMap<>(builder.values));
    StringBuilder sb = new StringBuilder();
    values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
    this.text = sb.toString();
  }

  public static Builder builder() {
    return new Builder();
  }

  public static Configuration empty() {
    return EMPTY;
  }

  /** A configuration holding the given entries; values must be Integer or String. */
  public static Configuration of(Map<String, ?> values) {
    Builder b = builder();
    values.forEach(b::set);
    return b.build();
  }

  /**
   * Reads the form {@link #toString()} writes: {@code NAME=VALUE} entries separated by commas.
   * Values made of digits (with an optional leading '-') are ints, all others strings.
   */
  public static Configuration parse(String text) {
    Objects.requireNonNull(text, "text");
    Builder b = builder();
    if (text.isBlank()) {
      return b.build();
    }
    for (String entry : text.split(",", -1)) {
      int eq = entry.indexOf('=');
      String name = eq < 0 ? "" : entry.substring(0, eq).trim();
      String value = eq < 0 ? "" : entry.substring(eq + 1).trim();
      if (name.isEmpty() || value.isEmpty()) {
        throw new IllegalArgumentException(
            "cannot parse configuration '" + text + "': entry '" + entry
                + "' is not NAME=VALUE; expected e.g. TILE_N=32,THREADS=128");
      }
      if (b.values.containsKey(name)) {
        throw new IllegalArgumentException(
            "cannot parse configuration '" + text + "': " + name + " is given twice");
      }
      b.set(name, INT.matcher(value).matches() ? (Object) Integer.valueOf(value) : value);
    }
    return b.build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.values.putAll(values);
    return b;
  }

  /** This configuration with one value replaced or added. */
  public Configuration with(String name, Object value) {
    return toBuilder().set(name, value).build();
  }

  /** Names mapped to values, sorted by name. */
  public SortedMap<String, Object> asMap() {
    return values;
  }

  public Set<String> names() {
    return values.keySet();
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public Object get(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new NoSuchElementException(
          "configuration " + this + " has no parameter " + name + "; it has " + values.keySet());
    }
    return v;
  }

  public int getInt(String name) {
    Object v = get(name);
    if (!(v instanceof Integer i)) {
      throw new IllegalArgumentException(
          "configuration " + this + ": " + name + " is the string '" + v + "', not an int");
    }
    return i;
  }

  public String getString(String name) {
    return String.valueOf(get(name));
  }

  public int size() {
    return values.size();
  }

  @Override
  public int compareTo(Configuration o) {
    return text.compareTo(o.text);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Configuration c && values.equals(c.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** The stable text form, e.g. {@code TILE_N=32,THREADS=128}; empty for no parameters. */
  @Override
  public String toString() {
    return text;
  }

  /** Collects entries; a later {@link #set} of the same name wins. */
  public static final class Builder {
    private final TreeMap<String, Object> values = new TreeMap<>();

    private Builder() {}

    public Builder set(String name, Object value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, () -> "value of " + name);
      if (!TuningParameter.NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "configuration name '" + name + "' is not an identifier; use letters, digits and '_'");
      }
      if (value instanceof Integer) {
        values.put(name, value);
      } else if (value instanceof String s && TuningParameter.STRING_VALUE.matcher(s).matches()) {
        values.put(name, s);
      } else {
        throw new IllegalArgumentException(
            "configuration value " + name + "=" + value + " must be an int or a string that"
                + " starts with a letter or '_' and holds only letters, digits, '_', '.' and '-'");
      }
      return this;
    }

    public Builder remove(String name) {
      values.remove(name);
      return this;
    }

    public Configuration build() {
      return new Configuration(this);
    }
  }
}
