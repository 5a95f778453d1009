package dev.kgen.autotune;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A named rule that a legal configuration must satisfy, with the reason recorded when a
 * configuration breaks it, e.g. {@code ("threads-per-block", "TILE_M*TILE_N/ELEMS must be at most
 * 1024 threads", c -> ...)}.
 *
 * @param name a short identifier shown in reports
 * @param reason why a configuration that fails the test is not worth compiling
 * @param test true for configurations that satisfy the rule
 */
public record Constraint(String name, String reason, Predicate<Configuration> test) {
  public Constraint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(test, "test");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a constraint needs a name; got a blank one");
    }
  }

  /** True when the configuration satisfies the rule. */
  public boolean allows(Configuration configuration) {
    try {
      return test.test(configuration);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "constraint '" + name + "' failed on " + configuration + ": " + e.getMessage()
              + "; a constraint must only read parameters the space defines",
          e);
    }
  }
}
