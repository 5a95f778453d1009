package dev.kgen.autotune;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A nanosecond clock that only moves when a test moves it. */
final class FakeClock implements LongSupplier {
  private long nanos = 1_000_000_000L;

  @Override
  public long getAsLong() {
    return nanos;
  }

  void advance(Duration d) {
    nanos += d.toNanos();
  }

  void advanceSeconds(double s) {
    nanos += (long) (s * 1e9);
  }
}
