package dev.kgen.autotune;

import java.util.Optional;

/** Hears about a search as it goes, e.g. to draw a progress bar; every method defaults to nothing. */
public interface ProgressListener {
  ProgressListener NONE = new ProgressListener() {};

  /** Before the first candidate. */
  default void started(TuningSpace space, SearchStrategy strategy, Budget budget) {}

  /** After each evaluated candidate, with the best successful trial so far. */
  default void evaluated(Trial trial, Optional<Trial> best) {}

  /** When a configuration is ruled out by a constraint. */
  default void pruned(PrunedConfiguration pruned) {}

  /** After the search. */
  default void finished(TuningResult result) {}

  /** Before a {@link FinalRound}: {@code timings} timings of {@code finalists} configurations in turn. */
  default void finalRoundStarted(int finalists, int timings) {}

  /** After each timing of the final round ({@code null} when the configuration failed and dropped out). */
  default void retimed(Configuration configuration, Measurement measurement) {}

  /** After the final round, with the result it chose. */
  default void finalRoundFinished(TuningResult result) {}
}
