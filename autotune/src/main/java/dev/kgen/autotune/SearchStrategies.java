package dev.kgen.autotune;

import java.util.List;

/** Looks strategies up by the names users type, e.g. {@code --strategy random}. */
public final class SearchStrategies {
  /** The names {@link #byName} accepts. */
  public static final List<String> NAMES =
      List.of(ExhaustiveStrategy.NAME, RandomThenLocalStrategy.NAME, AutoStrategy.NAME);

  private SearchStrategies() {}

  /** A strategy with its default settings: {@code exhaustive}, {@code random} or {@code auto}. */
  public static SearchStrategy byName(String name) {
    return switch (name) {
      case ExhaustiveStrategy.NAME -> new ExhaustiveStrategy();
      case RandomThenLocalStrategy.NAME -> RandomThenLocalStrategy.withDefaults();
      case AutoStrategy.NAME -> AutoStrategy.withDefaults();
      default -> throw new IllegalArgumentException(
          "unknown search strategy '" + name + "'; expected one of " + String.join(", ", NAMES));
    };
  }
}
