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
}
