package dev.kgen.autotune;

import java.util.Objects;

/**
 * What evaluating one candidate produced: a timing, or the stage at which it failed. A failed
 * candidate scores +infinity, so it never wins and the search goes on past it.
 */
public sealed interface Outcome permits Outcome.Measured, Outcome.Failed {

  /** Where a candidate failed. */
  enum Stage {
    /** Code generation or the device compiler rejected it. */
    COMPILE,
    /** It compiled but would not load or launch, or crashed while running. */
    LAUNCH,
    /** It ran but its output disagreed with the reference. */
    WRONG_ANSWER,
    /** It took longer than allowed to compile or to run. */
    TIMEOUT
  }

  /** Seconds per run for a measured candidate; +infinity for a failed one. Lower is better. */
  double score();

  default boolean succeeded() {
    return this instanceof Measured;
  }

  static Measured measured(Measurement measurement) {
    return new Measured(measurement.medianSeconds(), measurement.spread(), measurement.samples());
  }

  static Failed failed(Stage stage, String reason) {
    return new Failed(stage, reason);
  }

  /**
   * A candidate that ran correctly.
   *
   * @param medianSeconds the median time of one run
   * @param spread the interquartile range divided by the median
   * @param samples how many timed runs the median is over
   */
  record Measured(double medianSeconds, double spread, int samples) implements Outcome {
    public Measured {
      if (!(medianSeconds >= 0) || Double.isInfinite(medianSeconds)) {
        throw new IllegalArgumentException(
            "a measured median must be a finite number of seconds >= 0, got " + medianSeconds);
      }
      if (samples < 1) {
        throw new IllegalArgumentException("a measurement needs at least one sample, got " + samples);
      }
    }

    @Override
    public double score() {
      return medianSeconds;
    }

    @Override
    public String toString() {
      return String.format("%.3f us (spread %.1f%%, n=%d)", medianSeconds * 1e6, spread * 100, samples);
    }
  }

  /** A candidate that could not be timed, and why. */
  record Failed(Stage stage, String reason) implements Outcome {
    public Failed {
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public double score() {
      return Double.POSITIVE_INFINITY;
    }

    @Override
    public String toString() {
      return stage + ": " + reason;
    }
  }
}
