package dev.kgen.autotune;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-times the search's fastest candidates, and the default, against each other before one is
 * chosen. The search times each candidate once with few runs, so two candidates a few percent
 * apart can swap places by noise; the winner would then be whichever was lucky. Here each
 * finalist is timed again in every round, in turn (A B C, A B C, ...), so that a slow drift of
 * the device (clocks, temperature) falls on all of them alike, and the best median over the
 * rounds wins. A finalist that fails when re-timed drops out.
 */
public final class FinalRound {
  /** Times one configuration again; throwing drops it from the round. */
  @FunctionalInterface
  public interface Retimer {
    Measurement time(Configuration configuration) throws Exception;
  }

  private final int finalists;
  private final int rounds;

  private FinalRound(int finalists, int rounds) {
    if (finalists < 1) {
      throw new IllegalArgumentException("a final round needs at least 1 finalist, got " + finalists);
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("a final round needs at least 1 round, got " + rounds);
    }
    this.finalists = finalists;
    this.rounds = rounds;
  }

  /** The {@code finalists} fastest successful trials (and the default) over {@code rounds} rounds. */
  public static FinalRound of(int finalists, int rounds) {
    return new FinalRound(finalists, rounds);
  }

  /**
   * The result with its finalists re-timed: their trials (in the list, as the best and as the
   * default) carry the median over the rounds, and the best is the fastest finalist. A result
   * without a successful trial, or whose finalists all fail, is returned unchanged.
   */
  public TuningResult run(TuningResult result, Retimer retimer) {
    return run(result, retimer, ProgressListener.NONE);
  }

  /** {@link #run(TuningResult, Retimer)}, telling {@code listener} of each timing. */
  public TuningResult run(TuningResult result, Retimer retimer, ProgressListener listener) {
    List<Trial> entrants = entrants(result);
    if (entrants.isEmpty()) {
      return result;
    }
    listener.finalRoundStarted(entrants.size(), entrants.size() * rounds);
    TuningResult chosen = choose(result, entrants, retimer, listener);
    listener.finalRoundFinished(chosen);
    return chosen;
  }

  private TuningResult choose(TuningResult result, List<Trial> entrants, Retimer retimer, ProgressListener listener) {
    long start = System.nanoTime();
    Map<Trial, List<Measurement>> times = new LinkedHashMap<>();
    entrants.forEach(t -> times.put(t, new ArrayList<>()));
    for (int r = 0; r < rounds; r++) {
      for (Trial t : List.copyOf(times.keySet())) {
        Measurement m;
        try {
          m = retimer.time(t.configuration());
          times.get(t).add(m);
        } catch (Exception e) {
          times.remove(t);
          m = null;
        }
        listener.retimed(t.configuration(), m);
      }
    }
    Map<Trial, Trial> retimed = new LinkedHashMap<>();
    times.forEach((t, ms) -> retimed.put(t, new Trial(t.number(), t.configuration(), Outcome.measured(combined(ms)))));
    Optional<Trial> best = retimed.values().stream().min(Comparator.comparingDouble(Trial::score));
    if (best.isEmpty()) {
      return result;
    }
    Trial defaultTrial = retimed.getOrDefault(result.defaultTrial(), result.defaultTrial());
    List<Trial> trials = result.trials().stream().map(t -> retimed.getOrDefault(t, t)).toList();
    return new TuningResult(result.strategy(), defaultTrial, best, trials, result.pruned(), result.stopReason(),
        result.elapsed().plus(Duration.ofNanos(System.nanoTime() - start)));
  }

  /** The fastest successful trials, then the default if it ran and is not among them. */
  private List<Trial> entrants(TuningResult result) {
    List<Trial> out = new ArrayList<>(result.trials().stream().filter(Trial::succeeded)
        .sorted(Comparator.comparingDouble(Trial::score)).limit(finalists).toList());
    if (result.defaultTrial().succeeded() && !out.contains(result.defaultTrial())) {
      out.add(result.defaultTrial());
    }
    return out;
  }

  /** The median of the rounds' medians; its spread and samples summed up over the rounds. */
  private static Measurement combined(List<Measurement> ms) {
    double[] medians = ms.stream().mapToDouble(Measurement::medianSeconds).toArray();
    int samples = ms.stream().mapToInt(Measurement::samples).sum();
    return new Measurement(Quantiles.median(medians), Quantiles.relativeSpread(medians), samples,
        Measurement.Stop.MAX_REPS);
  }
}
