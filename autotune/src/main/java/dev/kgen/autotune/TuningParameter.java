package dev.kgen.autotune;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One knob of a tuning space: a name and its ordered candidate values, all ints or all strings.
 * The order matters: local search moves a parameter one step along it, so list sizes ascending.
 * The default value (the first candidate unless set) is what the kernel runs with untuned.
 */
public final class TuningParameter {
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  // String values must survive Configuration.toString/parse unchanged: no ',', '=' or spaces,
  // and they cannot look like an int, so a parsed value has only one reading.
  static final Pattern STRING_VALUE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

  private final String name;
  private final List<Object> values;
  private final Object defaultValue;

  private TuningParameter(String name, List<?> values, Object defaultValue) {
    this.name = Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "tuning parameter name '" + name + "' is not an identifier; use letters, digits and '_'"
              + " such as TILE_N");
    }
    if (values.isEmpty()) {
      throw new IllegalArgumentException(
          "tuning parameter " + name + " has no candidate values; give at least one");
    }
    Set<Object> seen = new HashSet<>();
    for (Object v : values) {
      if (!seen.add(v)) {
        throw new IllegalArgumentException(
            "tuning parameter " + name + " lists the value " + v + " twice; list each candidate once");
      }
    }
    this.values = List.copyOf(values);
    if (!this.values.contains(defaultValue)) {
      throw new IllegalArgumentException(
          "tuning parameter " + name + ": the default " + defaultValue
              + " is not one of its candidates " + this.values);
    }
    this.defaultValue = defaultValue;
  }

  /** A parameter over int candidates; the default is the first. */
  public static TuningParameter ints(String name, int... candidates) {
    List<Object> values = new ArrayList<>();
    for (int c : candidates) {
      values.add(c);
    }
    return new TuningParameter(name, values, values.isEmpty() ? null : values.get(0));
  }

  /** A parameter over int candidates; the default is the first. */
  public static TuningParameter ints(String name, List<Integer> candidates) {
    List<Object> values = new ArrayList<>(candidates);
    return new TuningParameter(name, values, values.isEmpty() ? null : values.get(0));
  }

  /** A parameter over string candidates such as {@code row, col}; the default is the first. */
  public static TuningParameter strings(String name, String... candidates) {
    List<Object> values = new ArrayList<>();
    for (String c : candidates) {
      Objects.requireNonNull(c, "candidate of " + name);
      if (!STRING_VALUE.matcher(c).matches()) {
        throw new IllegalArgumentException(
            "tuning parameter " + name + ": the value '" + c + "' must start with a letter or '_'"
                + " and hold only letters, digits, '_', '.' and '-'");
      }
      values.add(c);
    }
    return new TuningParameter(name, values, values.isEmpty() ? null : values.get(0));
  }

  /** The same parameter with another of its candidates as the default. */
  public TuningParameter withDefault(Object value) {
    return new TuningParameter(name, values, value);
  }

  public String name() {
    return name;
  }

  /** The candidates in search order; each is an {@link Integer} or a {@link String}. */
  public List<Object> values() {
    return values;
  }

  public Object defaultValue() {
    return defaultValue;
  }

  public int size() {
    return values.size();
  }

  public boolean isInt() {
    return values.get(0) instanceof Integer;
  }

  /** The candidate's position, or -1 when it is not a candidate. */
  public int indexOf(Object value) {
    return values.indexOf(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TuningParameter p
        && name.equals(p.name)
        && values.equals(p.values)
        && defaultValue.equals(p.defaultValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, values, defaultValue);
  }

  @Override
  public String toString() {
    return name + values + " default " + defaultValue;
  }
}
