package dev.kgen.autotune;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** The {@link SearchContext} of one {@link Tuner#run}: the budget, the trials and the pruned. */
final class SearchSession implements SearchContext {
  private final TuningSpace space;
  private final CandidateEvaluator evaluator;
  private final ProgressListener listener;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private final int maxCandidates;
  private final long maxNanos;

  private final List<Trial> trials = new ArrayList<>();
  private final Map<Configuration, Trial> byConfiguration = new HashMap<>();
  private final Map<Configuration, PrunedConfiguration> pruned = new LinkedHashMap<>();
  private Trial best;
  private StopReason stopReason = StopReason.COMPLETED;

  SearchSession(
      TuningSpace space,
      CandidateEvaluator evaluator,
      Budget budget,
      LongSupplier nanoClock,
      ProgressListener listener) {
    this.space = space;
    this.evaluator = evaluator;
    this.listener = listener;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
    this.maxCandidates = budget.maxCandidates().orElse(Integer.MAX_VALUE);
    this.maxNanos = budget.maxWallTime().map(d -> d.toNanos()).orElse(Long.MAX_VALUE);
  }

  @Override
  public List<Trial> evaluate(List<Configuration> candidates) {
    // The evaluator may report from its own threads, so the lock is not held while it runs.
    List<Configuration> pending = admit(candidates);
    if (!pending.isEmpty()) {
      if (timeUp()) {
        stop(StopReason.TIME_BUDGET);
      } else {
        run(pending);
      }
    }
    synchronized (this) {
      List<Trial> out = new ArrayList<>();
      for (Configuration c : candidates) {
        Trial t = byConfiguration.get(c);
        if (t != null && !out.contains(t)) {
          out.add(t);
        }
      }
      return out;
    }
  }

  /** The candidates to evaluate now: new, legal, and within the candidate budget. */
  private synchronized List<Configuration> admit(List<Configuration> candidates) {
    Set<Configuration> pending = new LinkedHashSet<>();
    for (Configuration c : candidates) {
      if (byConfiguration.containsKey(c) || pending.contains(c)) {
        continue;
      }
      Optional<PrunedConfiguration> violation = space.check(c);
      if (violation.isPresent()) {
        pruned(violation.get());
      } else if (pending.size() >= remainingCandidates()) {
        stop(StopReason.CANDIDATE_BUDGET);
        break;
      } else {
        pending.add(c);
      }
    }
    return List.copyOf(pending);
  }

  private void run(List<Configuration> batch) {
    AtomicInteger done = new AtomicInteger();
    evaluator.evaluateBatch(
        batch,
        (configuration, outcome) -> {
          record(configuration, outcome);
          if (done.incrementAndGet() < batch.size() && timeUp()) {
            stop(StopReason.TIME_BUDGET);
            return false;
          }
          return true;
        });
  }

  private synchronized void record(Configuration configuration, Outcome outcome) {
    Objects.requireNonNull(
        outcome, () -> "the evaluator returned no outcome for " + configuration);
    if (byConfiguration.containsKey(configuration)) {
      throw new IllegalStateException(
          "the evaluator reported " + configuration + " twice; report each candidate once");
    }
    Trial trial = new Trial(trials.size(), configuration, outcome);
    trials.add(trial);
    byConfiguration.put(configuration, trial);
    if (trial.succeeded() && (best == null || trial.score() < best.score())) {
      best = trial;
    }
    listener.evaluated(trial, Optional.ofNullable(best));
  }

  private synchronized void stop(StopReason reason) {
    if (stopReason == StopReason.COMPLETED) {
      stopReason = reason;
    }
  }

  private boolean timeUp() {
    return nanoClock.getAsLong() - startNanos >= maxNanos;
  }

  @Override
  public synchronized void pruned(PrunedConfiguration p) {
    if (pruned.putIfAbsent(p.configuration(), p) == null) {
      listener.pruned(p);
    }
  }

  @Override
  public synchronized Optional<Trial> trialOf(Configuration configuration) {
    return Optional.ofNullable(byConfiguration.get(configuration));
  }

  @Override
  public synchronized Optional<Trial> best() {
    return Optional.ofNullable(best);
  }

  @Override
  public synchronized List<Trial> trials() {
    return List.copyOf(trials);
  }

  @Override
  public synchronized int remainingCandidates() {
    return maxCandidates == Integer.MAX_VALUE ? Integer.MAX_VALUE : maxCandidates - trials.size();
  }

  @Override
  public synchronized boolean budgetExhausted() {
    if (trials.size() >= maxCandidates) {
      return true;
    }
    return timeUp();
  }

  synchronized List<PrunedConfiguration> prunedList() {
    return List.copyOf(pruned.values());
  }

  synchronized StopReason stopReason() {
    return stopReason;
  }

  long elapsedNanos() {
    return nanoClock.getAsLong() - startNanos;
  }
}
