package dev.kgen.autotune;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Runs a search: evaluates the space's default configuration first (so the result can report the
 * speedup over it), then lets the strategy propose candidates until it is done or the budget is
 * spent. Failed candidates score +infinity and the search goes on.
 */
public final class Tuner {
  private final LongSupplier nanoClock;

  private Tuner(LongSupplier nanoClock) {
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /** A tuner that measures its time budget with {@link System#nanoTime()}. */
  public static Tuner create() {
    return new Tuner(System::nanoTime);
  }

  /** A tuner that measures its time budget with the given nanosecond clock, e.g. a fake one. */
  public static Tuner withClock(LongSupplier nanoClock) {
    return new Tuner(nanoClock);
  }

  public TuningResult run(
      TuningSpace space,
      CandidateEvaluator evaluator,
      SearchStrategy strategy,
      Budget budget,
      ProgressListener listener) {
    Objects.requireNonNull(space, "space");
    Objects.requireNonNull(evaluator, "evaluator");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(listener, "listener");
    listener.started(space, strategy, budget);
    SearchSession session = new SearchSession(space, evaluator, budget, nanoClock, listener);
    Configuration defaults = space.defaultConfiguration();
    session.evaluate(List.of(defaults));
    if (!session.budgetExhausted()) {
      strategy.search(space, session);
    }
    Trial defaultTrial =
        session
            .trialOf(defaults)
            .orElseThrow(
                () -> new IllegalStateException(
                    "the default configuration " + defaults + " was not evaluated; the budget "
                        + budget + " must leave room for it"));
    TuningResult result =
        new TuningResult(
            strategy.name(),
            defaultTrial,
            session.best(),
            session.trials(),
            session.prunedList(),
            session.stopReason(),
            Duration.ofNanos(session.elapsedNanos()));
    listener.finished(result);
    return result;
  }

  /** {@link #run} without a progress listener. */
  public TuningResult run(
      TuningSpace space, CandidateEvaluator evaluator, SearchStrategy strategy, Budget budget) {
    return run(space, evaluator, strategy, budget, ProgressListener.NONE);
  }
}
