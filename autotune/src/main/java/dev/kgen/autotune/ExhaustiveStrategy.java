package dev.kgen.autotune;

/** Evaluates every legal configuration in index order; for small spaces. */
public final class ExhaustiveStrategy implements SearchStrategy {
  public static final String NAME = "exhaustive";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void search(TuningSpace space, SearchContext context) {
    SpaceEnumeration all = space.enumerate();
    all.pruned().forEach(context::pruned);
    context.evaluate(all.legal());
  }

  @Override
  public String toString() {
    return NAME;
  }
}
