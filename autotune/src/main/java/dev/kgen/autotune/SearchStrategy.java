package dev.kgen.autotune;

/**
 * Decides which configurations to evaluate. The tuner has already evaluated the space's default
 * configuration when {@link #search} is called; the strategy proposes more through the context
 * until it is done or the budget is spent.
 */
public interface SearchStrategy {
  /** The name the strategy is chosen by, e.g. {@code exhaustive}. */
  String name();

  void search(TuningSpace space, SearchContext context);
}
