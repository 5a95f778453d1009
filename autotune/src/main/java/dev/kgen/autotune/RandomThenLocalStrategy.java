package dev.kgen.autotune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Tries the space's legal suggestions, then samples legal configurations at random, then
 * hill-climbs from each sample (best first, with the default configuration among them): it evaluates the neighbours of the current point (one
 * parameter moved one step) and moves to the best of them while that is faster. Random samples
 * take at most half of a candidate budget so the climb has room.
 */
public final class RandomThenLocalStrategy implements SearchStrategy {
  public static final String NAME = "random";
  public static final int DEFAULT_SAMPLES = 16;
  /** A fixed seed so that two runs over the same space propose the same candidates. */
  public static final long DEFAULT_SEED = 0x6b67656eL;

  private static final Comparator<Trial> FASTEST_FIRST =
      Comparator.comparingDouble(Trial::score).thenComparingInt(Trial::number);

  private final int samples;
  private final long seed;

  public RandomThenLocalStrategy(int samples, long seed) {
    if (samples < 1) {
      throw new IllegalArgumentException("the random strategy needs at least 1 sample, got " + samples);
    }
    this.samples = samples;
    this.seed = seed;
  }

  public static RandomThenLocalStrategy withDefaults() {
    return new RandomThenLocalStrategy(DEFAULT_SAMPLES, DEFAULT_SEED);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void search(TuningSpace space, SearchContext context) {
    context.evaluate(sample(space, context));
    List<Trial> seeds = new ArrayList<>(context.trials());
    seeds.removeIf(t -> !t.succeeded());
    seeds.sort(FASTEST_FIRST);
    Set<Configuration> climbed = new HashSet<>();
    for (Trial seedTrial : seeds) {
      if (context.budgetExhausted()) {
        return;
      }
      if (!climbed.contains(seedTrial.configuration())) {
        climb(space, context, seedTrial, climbed);
      }
    }
  }

  private List<Configuration> sample(TuningSpace space, SearchContext context) {
    int remaining = context.remainingCandidates();
    int wanted =
        remaining == Integer.MAX_VALUE ? samples : Math.min(samples, Math.max(1, remaining / 2));
    List<Configuration> picked = new ArrayList<>();
    for (Configuration c : space.suggestions()) {
      if (picked.size() < wanted && context.trialOf(c).isEmpty() && !picked.contains(c) && space.isLegal(c)) {
        picked.add(c);
      }
    }
    for (long index : drawOrder(space.size(), wanted)) {
      if (picked.size() == wanted) {
        break;
      }
      Configuration c = space.configurationAt(index);
      if (context.trialOf(c).isPresent()) {
        continue;
      }
      Optional<PrunedConfiguration> violation = space.check(c);
      if (violation.isPresent()) {
        context.pruned(violation.get());
      } else {
        picked.add(c);
      }
    }
    return picked;
  }

  /**
   * Distinct indices in random order: a shuffle of the whole space when it is small, else up to
   * 50 draws per wanted sample, since constraints may prune most of the space.
   */
  private List<Long> drawOrder(long size, int wanted) {
    Random random = new Random(seed);
    long maxDraws = 50L * wanted + 100;
    List<Long> order = new ArrayList<>();
    if (size <= maxDraws) {
      for (long i = 0; i < size; i++) {
        order.add(i);
      }
      Collections.shuffle(order, random);
      return order;
    }
    Set<Long> drawn = new HashSet<>();
    for (long draw = 0; draw < maxDraws; draw++) {
      long index = random.nextLong(size);
      if (drawn.add(index)) {
        order.add(index);
      }
    }
    return order;
  }

  private static void climb(
      TuningSpace space, SearchContext context, Trial start, Set<Configuration> climbed) {
    Trial current = start;
    while (climbed.add(current.configuration()) && !context.budgetExhausted()) {
      Optional<Trial> best =
          context.evaluate(space.neighbours(current.configuration())).stream()
              .filter(Trial::succeeded)
              .min(FASTEST_FIRST);
      if (best.isEmpty() || best.get().score() >= current.score()) {
        return;
      }
      current = best.get();
    }
  }

  @Override
  public String toString() {
    return NAME + "(samples=" + samples + ", seed=" + seed + ")";
  }
}
