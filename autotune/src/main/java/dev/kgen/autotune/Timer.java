package dev.kgen.autotune;

/**
 * Times one run of an action the way its backend sees it: a GPU backend records events around
 * the launch and synchronizes; the JVM backend reads the wall clock. Tests script a fake one.
 */
public interface Timer {
  /** Runs the action once and returns how many seconds it took. */
  double time(Runnable action);

  /** A monotonic clock in nanoseconds, for time budgets. */
  default long nanoTime() {
    return System.nanoTime();
  }

  /** Times with {@link System#nanoTime()}; right for work that finishes before it returns. */
  static Timer wallClock() {
    return action -> {
      long start = System.nanoTime();
      action.run();
      return (System.nanoTime() - start) * 1e-9;
    };
  }
}
