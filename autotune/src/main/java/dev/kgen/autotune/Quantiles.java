package dev.kgen.autotune;

import java.util.Arrays;

/** Order statistics over samples, with linear interpolation between ranks. */
final class Quantiles {
  private Quantiles() {}

  /** The q-quantile, 0 <= q <= 1, of the samples; they need not be sorted. */
  static double quantile(double[] samples, double q) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("the quantile of no samples is undefined");
    }
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    double rank = q * (sorted.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = (int) Math.ceil(rank);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
  }

  static double median(double[] samples) {
    return quantile(samples, 0.5);
  }

  /**
   * The interquartile range over the median: how far apart the middle half of the samples lie,
   * relative to the typical time. It ignores the odd outlier a preempted run produces.
   */
  static double relativeSpread(double[] samples) {
    double median = median(samples);
    double iqr = quantile(samples, 0.75) - quantile(samples, 0.25);
    if (median == 0) {
      return iqr == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    return iqr / median;
  }
}
