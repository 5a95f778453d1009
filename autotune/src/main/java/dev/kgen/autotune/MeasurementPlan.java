package dev.kgen.autotune;

import java.time.Duration;
import java.util.Objects;

/**
 * How to time a candidate: untimed warm-up runs, then timed runs until the spread of the samples
 * is at most the target (after at least {@code minReps}), {@code maxReps} is reached, or the time
 * budget is spent. An optional L2 flush runs, untimed, before every run.
 */
public final class MeasurementPlan {
  private static final Runnable NO_FLUSH = () -> {};

  private final int warmups;
  private final Duration minWarmup;
  private final int minReps;
  private final int maxReps;
  private final double targetRelativeSpread;
  private final Duration budget;
  private final Runnable l2Flush;

  private MeasurementPlan(Builder b) {
    if (b.warmups < 0) {
      throw new IllegalArgumentException("warmups must be >= 0, got " + b.warmups);
    }
    if (b.minReps < 1) {
      throw new IllegalArgumentException("minReps must be >= 1, got " + b.minReps);
    }
    if (b.maxReps < b.minReps) {
      throw new IllegalArgumentException(
          "maxReps (" + b.maxReps + ") must be >= minReps (" + b.minReps + ")");
    }
    if (!(b.targetRelativeSpread > 0)) {
      throw new IllegalArgumentException(
          "targetRelativeSpread must be > 0, e.g. 0.02 for 2%, got " + b.targetRelativeSpread);
    }
    if (b.minWarmup.isNegative()) {
      throw new IllegalArgumentException("the minimum warm-up time must not be negative, got " + b.minWarmup);
    }
    if (b.budget.isNegative() || b.budget.isZero()) {
      throw new IllegalArgumentException("the measurement budget must be positive, got " + b.budget);
    }
    this.warmups = b.warmups;
    this.minWarmup = b.minWarmup;
    this.minReps = b.minReps;
    this.maxReps = b.maxReps;
    this.targetRelativeSpread = b.targetRelativeSpread;
    this.budget = b.budget;
    this.l2Flush = b.l2Flush;
  }

  /** 3 warm-ups, 5 to 100 runs, a 2% spread target, 1 s budget, no L2 flush. */
  public static MeasurementPlan defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .warmups(warmups)
        .minWarmup(minWarmup)
        .minReps(minReps)
        .maxReps(maxReps)
        .targetRelativeSpread(targetRelativeSpread)
        .budget(budget)
        .l2Flush(l2Flush);
  }

  /**
   * The least time spent warming up: warm-ups go on past {@link #warmups} until it has passed
   * (a JIT compiler needs time as well as runs; the budget still bounds it).
   */
  public Duration minWarmup() {
    return minWarmup;
  }

  public int warmups() {
    return warmups;
  }

  public int minReps() {
    return minReps;
  }

  public int maxReps() {
    return maxReps;
  }

  public double targetRelativeSpread() {
    return targetRelativeSpread;
  }

  public Duration budget() {
    return budget;
  }

  public Runnable l2Flush() {
    return l2Flush;
  }

  @Override
  public String toString() {
    return "MeasurementPlan{warmups=" + warmups + (minWarmup.isZero() ? "" : " and " + minWarmup) + ", reps=" + minReps + ".." + maxReps
        + ", spread<=" + targetRelativeSpread + ", budget=" + budget + "}";
  }

  /** Starts from {@link #defaults()}. */
  public static final class Builder {
    private int warmups = 3;
    private Duration minWarmup = Duration.ZERO;
    private int minReps = 5;
    private int maxReps = 100;
    private double targetRelativeSpread = 0.02;
    private Duration budget = Duration.ofSeconds(1);
    private Runnable l2Flush = NO_FLUSH;

    private Builder() {}

    public Builder warmups(int warmups) {
      this.warmups = warmups;
      return this;
    }

    public Builder minWarmup(Duration minWarmup) {
      this.minWarmup = Objects.requireNonNull(minWarmup, "minWarmup");
      return this;
    }

    public Builder minReps(int minReps) {
      this.minReps = minReps;
      return this;
    }

    public Builder maxReps(int maxReps) {
      this.maxReps = maxReps;
      return this;
    }

    public Builder targetRelativeSpread(double target) {
      this.targetRelativeSpread = target;
      return this;
    }

    public Builder budget(Duration budget) {
      this.budget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /** Runs before each warm-up and timed run, outside the timed region, to evict the L2. */
    public Builder l2Flush(Runnable flush) {
      this.l2Flush = Objects.requireNonNull(flush, "flush");
      return this;
    }

    public MeasurementPlan build() {
      return new MeasurementPlan(this);
    }
  }
}
