package dev.kgen.autotune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimerTest {
  @Test
  void theWallClockTimesWhatTheActionTakes() {
    AtomicInteger runs = new AtomicInteger();
    double s =
        Timer.wallClock()
            .time(() -> {
              runs.incrementAndGet();
              long until = System.nanoTime() + 2_000_000;
              while (System.nanoTime() < until) {
                Thread.onSpinWait();
              }
            });
    assertEquals(1, runs.get());
    assertTrue(s >= 2e-3 && s < 1, "took " + s + " s");
  }

  @Test
  void measuresAJvmKernelEndToEnd() {
    Measurement m =
        Measurement.measure(() -> Math.sqrt(Math.random()), Timer.wallClock(), 1, 3, 50, 0.5, Duration.ofMillis(200));
    assertTrue(m.samples() >= 1 && m.medianSeconds() >= 0, m.toString());
  }
}
