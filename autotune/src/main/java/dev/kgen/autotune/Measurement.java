package dev.kgen.autotune;

import java.time.Duration;
import java.util.Arrays;

/**
 * The timing of one candidate: the median seconds of one run, the relative spread of the samples
 * (interquartile range over median), how many samples, and why sampling stopped.
 */
public record Measurement(double medianSeconds, double spread, int samples, Stop stop) {

  /** Why sampling ended. */
  public enum Stop {
    /** The spread reached the target after at least the minimum number of runs. */
    CONVERGED,
    /** The maximum number of runs was reached first. */
    MAX_REPS,
    /** The time budget ran out first. */
    BUDGET
  }

  /**
   * Times {@code once} per the plan: warm-ups (at least the plan's count and its minimum
   * warm-up time), then timed runs (each after the L2 flush) until
   * the spread is at most the target after {@code minReps} runs, {@code maxReps} runs are done,
   * or the budget is spent. At least one run is always timed.
   */
  public static Measurement measure(Runnable once, Timer timer, MeasurementPlan plan) {
    long start = timer.nanoTime();
    long budgetNanos = plan.budget().toNanos();
    long minWarmupNanos = plan.minWarmup().toNanos();
    for (int i = 0; (i < plan.warmups() || timer.nanoTime() - start < minWarmupNanos)
        && timer.nanoTime() - start < budgetNanos; i++) {
      plan.l2Flush().run();
      timer.time(once);
    }
    double[] samples = new double[plan.maxReps()];
    int n = 0;
    while (true) {
      plan.l2Flush().run();
      samples[n++] = timer.time(once);
      double[] taken = Arrays.copyOf(samples, n);
      double spread = Quantiles.relativeSpread(taken);
      Stop stop = null;
      if (n >= plan.minReps() && spread <= plan.targetRelativeSpread()) {
        stop = Stop.CONVERGED;
      } else if (n >= plan.maxReps()) {
        stop = Stop.MAX_REPS;
      } else if (timer.nanoTime() - start >= budgetNanos) {
        stop = Stop.BUDGET;
      }
      if (stop != null) {
        return new Measurement(Quantiles.median(taken), spread, n, stop);
      }
    }
  }

  /** {@link #measure(Runnable, Timer, MeasurementPlan)} with the plan's settings spelled out. */
  public static Measurement measure(
      Runnable once,
      Timer timer,
      int warmups,
      int minReps,
      int maxReps,
      double targetRelativeSpread,
      Duration budget) {
    MeasurementPlan plan =
        MeasurementPlan.builder()
            .warmups(warmups)
            .minReps(minReps)
            .maxReps(maxReps)
            .targetRelativeSpread(targetRelativeSpread)
            .budget(budget)
            .build();
    return measure(once, timer, plan);
  }

  /** Bytes moved per second of the median run, in GB/s (10^9 bytes). */
  public double gigabytesPerSecond(long bytesMoved) {
    return medianSeconds == 0 ? Double.POSITIVE_INFINITY : bytesMoved / medianSeconds / 1e9;
  }
}
