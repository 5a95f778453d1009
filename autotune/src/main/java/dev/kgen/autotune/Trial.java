package dev.kgen.autotune;

import java.util.Objects;

/**
 * One evaluated candidate: its position in the search (0 is the default configuration), the
 * configuration and what evaluating it produced.
 */
public record Trial(int number, Configuration configuration, Outcome outcome) {
  public Trial {
    Objects.requireNonNull(configuration, "configuration");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** Seconds per run, +infinity when the candidate failed. */
  public double score() {
    return outcome.score();
  }

  public boolean succeeded() {
    return outcome.succeeded();
  }

  @Override
  public String toString() {
    return "#" + number + " " + configuration + ": " + outcome;
  }
}
