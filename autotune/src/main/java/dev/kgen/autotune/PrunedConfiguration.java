package dev.kgen.autotune;

import java.util.Objects;

/** A configuration left out of the search because it breaks a constraint, and why. */
public record PrunedConfiguration(Configuration configuration, String constraint, String reason) {
  public PrunedConfiguration {
    Objects.requireNonNull(configuration, "configuration");
    Objects.requireNonNull(constraint, "constraint");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return configuration + " pruned by " + constraint + ": " + reason;
  }
}
