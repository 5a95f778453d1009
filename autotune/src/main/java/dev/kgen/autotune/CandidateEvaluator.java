package dev.kgen.autotune;

import java.util.List;

/**
 * Turns a configuration into an outcome: compiles the kernel, checks it against the reference
 * and times it. Implementations report a bad candidate as {@link Outcome.Failed} (or throw
 * {@link CandidateFailure}) instead of stopping the search.
 */
@FunctionalInterface
public interface CandidateEvaluator {

  /** Receives outcomes one by one as a batch is evaluated. */
  @FunctionalInterface
  interface Sink {
    /** Takes one candidate's outcome; returns false to stop the batch here. */
    boolean accept(Configuration configuration, Outcome outcome);
  }

  /** Evaluates one candidate. An exception fails it at {@link Outcome.Stage#LAUNCH}. */
  Outcome evaluate(Configuration configuration);

  /**
   * Evaluates candidates in order, handing each outcome to the sink as soon as it is known and
   * stopping when the sink says so. The default is one after another; {@link
   * ParallelCompileEvaluator} compiles ahead on an executor.
   */
  default void evaluateBatch(List<Configuration> batch, Sink sink) {
    for (Configuration c : batch) {
      Outcome outcome;
      try {
        outcome = evaluate(c);
      } catch (RuntimeException e) {
        outcome = CandidateFailure.outcomeOf(e, Outcome.Stage.LAUNCH);
      }
      if (!sink.accept(c, outcome)) {
        return;
      }
    }
  }
}
