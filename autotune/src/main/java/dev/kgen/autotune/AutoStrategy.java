package dev.kgen.autotune;

/**
 * Exhaustive search when the space (before pruning) has at most {@code threshold}
 * configurations and the candidate budget covers all of them, else random sampling (the
 * space's suggestions first) followed by local search. A budget smaller than the space would
 * otherwise end an exhaustive search partway through its index order, in one corner of the
 * space: the first 24 of 192 paged-attention configurations all have the smallest tile.
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

  /** The strategy this one hands a space to when {@code candidates} may still be evaluated. */
  public SearchStrategy choose(TuningSpace space, int candidates) {
    return space.size() <= threshold && space.size() <= candidates ? small : large;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void search(TuningSpace space, SearchContext context) {
    choose(space, context.remainingCandidates()).search(space, context);
  }

  @Override
  public String toString() {
    return NAME + "(exhaustive up to " + threshold + ")";
  }
}
