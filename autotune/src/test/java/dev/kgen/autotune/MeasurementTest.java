package dev.kgen.autotune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeasurementTest {
  @Test
  void stopsAtTheMinimumWhenTheSpreadIsAlreadyTight() {
    FakeTimer timer = FakeTimer.constant(1e-3);
    Measurement m = Measurement.measure(() -> {}, timer, 2, 5, 100, 0.02, Duration.ofSeconds(10));
    assertEquals(new Measurement(1e-3, 0, 5, Measurement.Stop.CONVERGED), m);
    assertEquals(7, timer.runs, "2 warm-ups and 5 timed runs");
  }

  @Test
  void warmsUpForTheMinimumTimeWhenTheCountIsReachedSooner() {
    FakeTimer timer = FakeTimer.constant(1e-3);
    MeasurementPlan plan = MeasurementPlan.builder().warmups(2).minWarmup(Duration.ofMillis(50)).minReps(5).maxReps(5)
        .budget(Duration.ofSeconds(10)).build();
    Measurement m = Measurement.measure(() -> {}, timer, plan);
    assertEquals(5, m.samples());
    assertEquals(55, timer.runs, "50 warm-ups of 1 ms fill the 50 ms, then 5 timed runs");
    FakeTimer slow = FakeTimer.constant(0.1);
    Measurement.measure(() -> {}, slow, plan);
    assertEquals(7, slow.runs, "2 warm-ups of 100 ms already pass the minimum time");
  }

  @Test
  void keepsSamplingWhileNoisyAndStopsOnceTight() {
    // Warm-up 0, then 6 noisy runs alternating 1 ms / 2 ms, then steady 1 ms.
    FakeTimer timer = new FakeTimer(n -> n >= 1 && n <= 6 && n % 2 == 0 ? 2e-3 : 1e-3);
    Measurement m = Measurement.measure(() -> {}, timer, 1, 5, 100, 0.02, Duration.ofSeconds(10));
    assertEquals(Measurement.Stop.CONVERGED, m.stop());
    assertEquals(1e-3, m.medianSeconds());
    assertTrue(m.spread() <= 0.02);
    assertTrue(m.samples() > 5, "the noisy start needs more than the minimum: " + m.samples());
  }

  @Test
  void stopsAtMaxRepsWhenItNeverSettles() {
    FakeTimer timer = new FakeTimer(n -> n % 2 == 0 ? 1e-3 : 3e-3);
    Measurement m = Measurement.measure(() -> {}, timer, 0, 3, 20, 0.01, Duration.ofSeconds(10));
    assertEquals(Measurement.Stop.MAX_REPS, m.stop());
    assertEquals(20, m.samples());
  }

  @Test
  void stopsWhenTheBudgetIsSpentButTimesAtLeastOnce() {
    FakeTimer timer = new FakeTimer(n -> n % 2 == 0 ? 0.1 : 0.3);
    Measurement m = Measurement.measure(() -> {}, timer, 1, 5, 100, 0.01, Duration.ofSeconds(1));
    assertEquals(Measurement.Stop.BUDGET, m.stop());
    assertEquals(5, m.samples(), "a 0.1 s warm-up, then 0.3 + 0.1 + 0.3 + 0.1 + 0.3 crosses 1 s");

    FakeTimer slow = FakeTimer.constant(5);
    Measurement one = Measurement.measure(() -> {}, slow, 3, 5, 100, 0.01, Duration.ofSeconds(1));
    assertEquals(1, one.samples());
    assertEquals(5, one.medianSeconds());
  }

  @Test
  void flushesTheL2BeforeEveryRunOutsideTheTiming() {
    FakeTimer timer = FakeTimer.constant(1e-3);
    MeasurementPlan plan =
        MeasurementPlan.builder().warmups(1).minReps(3).l2Flush(() -> timer.events.add("flush")).build();
    Measurement.measure(() -> timer.events.add("kernel"), timer, plan);
    assertEquals(
        List.of("flush", "kernel", "run", "flush", "kernel", "run", "flush", "kernel", "run", "flush", "kernel", "run"),
        timer.events);
  }

  @Test
  void reportsBandwidth() {
    assertEquals(100.0, new Measurement(1e-3, 0, 1, Measurement.Stop.CONVERGED).gigabytesPerSecond(100_000_000L), 1e-9);
  }

  @Test
  void planRejectsNonsenseWithTheValue() {
    assertEquals(
        "maxReps (3) must be >= minReps (5)",
        assertThrows(IllegalArgumentException.class, () -> MeasurementPlan.builder().maxReps(3).build())
            .getMessage());
    assertEquals(
        "targetRelativeSpread must be > 0, e.g. 0.02 for 2%, got 0.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> MeasurementPlan.builder().targetRelativeSpread(0).build())
            .getMessage());
    assertEquals(MeasurementPlan.defaults().toString(), MeasurementPlan.defaults().toBuilder().build().toString());
  }
}
