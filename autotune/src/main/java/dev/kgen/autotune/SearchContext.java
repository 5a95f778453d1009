package dev.kgen.autotune;

import java.util.List;
import java.util.Optional;

/**
 * What a {@link SearchStrategy} sees of a running search: it proposes configurations, and the
 * context evaluates them within the budget, remembering every outcome.
 */
public interface SearchContext {
  /**
   * Evaluates the candidates in order and returns their trials. A candidate evaluated before is
   * not evaluated again (its earlier trial is returned); one that breaks a constraint is recorded
   * as pruned and left out; once the budget is spent the remaining candidates are left out.
   */
  List<Trial> evaluate(List<Configuration> candidates);

  /** Records a configuration a constraint ruled out (once per configuration). */
  void pruned(PrunedConfiguration pruned);

  /** The earlier trial of a configuration, if it was evaluated. */
  Optional<Trial> trialOf(Configuration configuration);

  /** The best successful trial so far. */
  Optional<Trial> best();

  /** Every trial so far, in evaluation order. */
  List<Trial> trials();

  /** How many more candidates the budget allows; {@link Integer#MAX_VALUE} when unlimited. */
  int remainingCandidates();

  /** True once no further candidate may start. */
  boolean budgetExhausted();
}
