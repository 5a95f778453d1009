package dev.kgen.autotune;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * A timer that reports scripted durations (the n-th run takes {@code script.applyAsDouble(n)}
 * seconds, warm-ups included) and advances its clock by them, so budgets behave as on a device.
 */
final class FakeTimer implements Timer {
  private final IntToDoubleFunction script;
  private final FakeClock clock = new FakeClock();
  final List<String> events = new ArrayList<>();
  int runs;

  FakeTimer(IntToDoubleFunction script) {
    this.script = script;
  }

  static FakeTimer constant(double seconds) {
    return new FakeTimer(n -> seconds);
  }

  @Override
  public double time(Runnable action) {
    action.run();
    double s = script.applyAsDouble(runs++);
    clock.advanceSeconds(s);
    events.add("run");
    return s;
  }

  @Override
  public long nanoTime() {
    return clock.getAsLong();
  }
}
