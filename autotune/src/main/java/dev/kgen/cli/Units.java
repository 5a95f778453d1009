package dev.kgen.cli;

import java.util.Locale;

/** Human-readable times and rates for command output. */
final class Units {
  private Units() {}

  /** Seconds with a unit that keeps 3 or 4 significant digits: {@code 850 ns}, {@code 12.3 us}. */
  static String seconds(double s) {
    if (s < 1e-6) {
      return String.format(Locale.ROOT, "%.0f ns", s * 1e9);
    }
    if (s < 1e-3) {
      return String.format(Locale.ROOT, "%.1f us", s * 1e6);
    }
    if (s < 1) {
      return String.format(Locale.ROOT, "%.2f ms", s * 1e3);
    }
    return String.format(Locale.ROOT, "%.2f s", s);
  }

  static String speedup(double ratio) {
    return String.format(Locale.ROOT, "%.2fx", ratio);
  }

  static String gigabytesPerSecond(double gbs) {
    return String.format(Locale.ROOT, "%.1f GB/s", gbs);
  }
}
