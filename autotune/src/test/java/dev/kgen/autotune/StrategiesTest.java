package dev.kgen.autotune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class StrategiesTest {
  /** 32 x 32 = 1024 configurations, too many for the auto strategy to list. */
  private static TuningSpace grid() {
    int[] values = new int[32];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    return TuningSpace.builder().ints("X", values).ints("Y", values).build();
  }

  /** A convex bowl with its minimum at X=21, Y=7. */
  private static double bowl(Configuration c) {
    double dx = c.getInt("X") - 21;
    double dy = c.getInt("Y") - 7;
    return 1e-6 * (1 + dx * dx + 3 * dy * dy + 0.5 * dx * dy);
  }

  @Test
  void randomThenLocalFindsTheMinimumOfAConvexCostWithFewCandidates() {
    ScriptedEvaluator evaluator = new ScriptedEvaluator(StrategiesTest::bowl);
    TuningResult r =
        Tuner.withClock(evaluator.clock)
            .run(grid(), evaluator, RandomThenLocalStrategy.withDefaults(), Budget.ofCandidates(150));
    assertEquals("X=21,Y=7", r.bestConfiguration().orElseThrow().toString());
    assertTrue(r.trials().size() <= 150, "within the budget: " + r.trials().size());
    assertEquals(r.trials().size(), new HashSet<>(evaluator.evaluated).size(), "no candidate twice");
  }

  @Test
  void randomThenLocalIsRepeatableForTheSameSeed() {
    ScriptedEvaluator a = new ScriptedEvaluator(StrategiesTest::bowl);
    ScriptedEvaluator b = new ScriptedEvaluator(StrategiesTest::bowl);
    Tuner.create().run(grid(), a, new RandomThenLocalStrategy(8, 7), Budget.ofCandidates(40));
    Tuner.create().run(grid(), b, new RandomThenLocalStrategy(8, 7), Budget.ofCandidates(40));
    assertEquals(a.evaluated, b.evaluated);
  }

  @Test
  void legalSuggestionsAreTriedBeforeRandomSamples() {
    Configuration good = Configuration.builder().set("X", 20).set("Y", 7).build();
    Configuration illegal = Configuration.builder().set("X", 30).set("Y", 1).build();
    TuningSpace space = grid().toBuilder().constraint("diagonal", "X must not exceed Y + 20", c -> c.getInt("X") <= c.getInt("Y") + 20)
        .suggest(illegal).suggest(good).build();
    ScriptedEvaluator evaluator = new ScriptedEvaluator(StrategiesTest::bowl);
    Tuner.withClock(evaluator.clock).run(space, evaluator, new RandomThenLocalStrategy(8, 7), Budget.ofCandidates(6));
    assertTrue(evaluator.evaluated.indexOf(good) >= 0 && evaluator.evaluated.indexOf(good) <= 1,
        "the suggestion comes right after the default: " + evaluator.evaluated);
    assertTrue(!evaluator.evaluated.contains(illegal), "an illegal suggestion is never run");
  }

  @Test
  void suggestionsMustLieInTheSpace() {
    assertThrows(IllegalArgumentException.class,
        () -> grid().toBuilder().suggest(Configuration.builder().set("X", 99).set("Y", 0).build()).build());
  }

  @Test
  void randomSamplingRecordsThePrunedItMeets() {
    TuningSpace space =
        grid().toBuilder().constraint("diagonal", "X must not exceed Y", c -> c.getInt("X") <= c.getInt("Y")).build();
    TuningResult r =
        Tuner.create().run(space, new ScriptedEvaluator(c -> 1e-6), RandomThenLocalStrategy.withDefaults(), Budget.ofCandidates(20));
    assertTrue(!r.pruned().isEmpty());
    assertTrue(r.pruned().stream().allMatch(p -> p.reason().equals("X must not exceed Y")));
    assertTrue(r.trials().stream().allMatch(t -> space.isLegal(t.configuration())));
  }

  @Test
  void exhaustiveEvaluatesEveryLegalConfigurationInOrder() {
    TuningSpace space = TuningSpace.builder().ints("A", 1, 2, 3).build();
    ScriptedEvaluator evaluator = new ScriptedEvaluator(c -> c.getInt("A"));
    Tuner.create().run(space, evaluator, new ExhaustiveStrategy(), Budget.unlimited());
    assertEquals("[A=1, A=2, A=3]", evaluator.evaluated.toString());
  }

  @Test
  void autoListsSmallSpacesAndSamplesLargeOnes() {
    AutoStrategy auto = AutoStrategy.withDefaults();
    assertInstanceOf(ExhaustiveStrategy.class, auto.choose(TuningSpace.builder().ints("A", 1, 2).build(), 10));
    assertInstanceOf(RandomThenLocalStrategy.class, auto.choose(grid(), Integer.MAX_VALUE));
  }

  @Test
  void autoSamplesASmallSpaceLargerThanTheBudget() {
    // listing 200 configurations in index order with 24 candidates would stop in one corner
    TuningSpace space = TuningSpace.builder().ints("A", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)
        .ints("B", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19).build();
    AutoStrategy auto = AutoStrategy.withDefaults();
    assertInstanceOf(RandomThenLocalStrategy.class, auto.choose(space, 24));
    assertInstanceOf(ExhaustiveStrategy.class, auto.choose(space, 200));
  }

  @Test
  void strategiesAreChosenByName() {
    assertInstanceOf(ExhaustiveStrategy.class, SearchStrategies.byName("exhaustive"));
    assertInstanceOf(RandomThenLocalStrategy.class, SearchStrategies.byName("random"));
    assertInstanceOf(AutoStrategy.class, SearchStrategies.byName("auto"));
    assertEquals(
        "unknown search strategy 'genetic'; expected one of exhaustive, random, auto",
        assertThrows(IllegalArgumentException.class, () -> SearchStrategies.byName("genetic")).getMessage());
  }
}
