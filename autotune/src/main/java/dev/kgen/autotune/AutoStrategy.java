package dev.kgen.autotune;

/**
 * Exhaustive search when the space (before pruning) has at most {@code threshold}
 * configurations, else random sampling followed by local search.
 */
public final class AutoStrategy implements SearchStrategy {
  public static final String NAME = "auto";
  public static final long DEFAULT_THRESHOLD = 256;

  private final long threshold;
  private final SearchStrategy small;
  private final SearchStrategy large;

  public AutoStrategy(long threshold, SearchStrategy small, SearchStrategy large) {
    if (threshold < 1) {
      throw new IllegalArgumentException("the auto strategy's threshold must be >= 1, got " + threshold);
    }
    this.threshold = threshold;
    this.small = small;
    this.large = large;
  }

  public static AutoStrategy withDefaults() {
    return new AutoStrategy(
        DEFAULT_THRESHOLD, new ExhaustiveStrategy(), RandomThenLocalStrategy.withDefaults());
  }

  /** The strategy this one hands a space to. */
  public SearchStrategy choose(TuningSpace space) {
    return space.size() <= threshold ? small : large;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void search(TuningSpace space, SearchContext context) {
    choose(space).search(space, context);
  }

  @Override
  public String toString() {
    return NAME + "(exhaustive up to " + threshold + ")";
  }
}
