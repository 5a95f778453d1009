package dev.kgen.autotune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TunerTest {
  /** 4 x 3 = 12 configurations; one pruned; the fastest is TILE=64,WARPS=4. */
  private static TuningSpace space() {
    return TuningSpace.builder()
        .ints("TILE", 16, 32, 64, 128)
        .ints("WARPS", 2, 4, 8)
        .constraint("smem", "TILE=128 with 8 warps needs more than 48 KiB of shared memory",
            c -> !(c.getInt("TILE") == 128 && c.getInt("WARPS") == 8))
        .build();
  }

  private static double cost(Configuration c) {
    return 1e-3 + Math.abs(c.getInt("TILE") - 64) * 1e-5 + Math.abs(c.getInt("WARPS") - 4) * 1e-5;
  }

  private static TuningResult run(ScriptedEvaluator evaluator, SearchStrategy strategy, Budget budget) {
    return Tuner.withClock(evaluator.clock).run(space(), evaluator, strategy, budget);
  }

  @Test
  void theFastestCandidateWinsAndTheDefaultIsMeasuredFirst() {
    ScriptedEvaluator evaluator = new ScriptedEvaluator(TunerTest::cost);
    TuningResult r = run(evaluator, new ExhaustiveStrategy(), Budget.unlimited());
    assertEquals("TILE=64,WARPS=4", r.bestConfiguration().orElseThrow().toString());
    assertEquals(space().defaultConfiguration(), evaluator.evaluated.get(0));
    assertEquals(0, r.defaultTrial().number());
    assertEquals(11, r.trials().size(), "12 minus one pruned, the default not twice");
    assertEquals(cost(space().defaultConfiguration()) / 1e-3, r.speedupOverDefault().getAsDouble(), 1e-12);
    assertEquals(StopReason.COMPLETED, r.stopReason());
    assertEquals("exhaustive", r.strategy());
    assertEquals(Duration.ofSeconds(11), r.elapsed());
  }

  @Test
  void failingCandidatesAreSkippedWithTheirReasonsRecorded() {
    ScriptedEvaluator evaluator =
        new ScriptedEvaluator(TunerTest::cost)
            .fail("TILE=64,WARPS=4", Outcome.Stage.COMPILE, "ptxas: entry uses too much shared data")
            .fail("TILE=32,WARPS=4", Outcome.Stage.WRONG_ANSWER, "out[17] = 3.5, expected 3.0");
    TuningResult r = run(evaluator, new ExhaustiveStrategy(), Budget.unlimited());
    assertEquals(11, r.trials().size(), "the search went on past both failures");
    assertEquals(
        List.of(
            "TILE=32,WARPS=4: WRONG_ANSWER: out[17] = 3.5, expected 3.0",
            "TILE=64,WARPS=4: COMPILE: ptxas: entry uses too much shared data"),
        r.failures().stream().map(t -> t.configuration() + ": " + t.outcome()).toList());
    String best = r.bestConfiguration().orElseThrow().toString();
    assertTrue(List.of("TILE=64,WARPS=2", "TILE=64,WARPS=8").contains(best), best);
  }

  @Test
  void prunedConfigurationsAreRecordedWithTheConstraintsReason() {
    TuningResult r = run(new ScriptedEvaluator(TunerTest::cost), new ExhaustiveStrategy(), Budget.unlimited());
    assertEquals(
        List.of("TILE=128,WARPS=8 pruned by smem: TILE=128 with 8 warps needs more than 48 KiB of shared memory"),
        r.pruned().stream().map(Object::toString).toList());
  }

  @Test
  void theCandidateBudgetIsRespected() {
    ScriptedEvaluator evaluator = new ScriptedEvaluator(TunerTest::cost);
    TuningResult r = run(evaluator, new ExhaustiveStrategy(), Budget.ofCandidates(5));
    assertEquals(5, evaluator.evaluated.size());
    assertEquals(5, r.trials().size());
    assertEquals(StopReason.CANDIDATE_BUDGET, r.stopReason());
  }

  @Test
  void theTimeBudgetIsRespected() {
    ScriptedEvaluator evaluator = new ScriptedEvaluator(TunerTest::cost);
    evaluator.secondsPerCandidate = 2;
    TuningResult r = run(evaluator, new ExhaustiveStrategy(), Budget.ofWallTime(Duration.ofSeconds(7)));
    assertEquals(4, evaluator.evaluated.size(), "starts at 0, 2, 4 and 6 s; none at 8 s");
    assertEquals(StopReason.TIME_BUDGET, r.stopReason());
  }

  @Test
  void whenEveryCandidateFailsThereIsNoBestAndNoSpeedup() {
    CandidateEvaluator broken = c -> Outcome.failed(Outcome.Stage.LAUNCH, "no device");
    TuningResult r = Tuner.create().run(space(), broken, new ExhaustiveStrategy(), Budget.unlimited());
    assertTrue(r.best().isEmpty());
    assertTrue(r.speedupOverDefault().isEmpty());
    assertEquals(11, r.failures().size());
    assertTrue(r.summary().startsWith("no candidate ran correctly; 11 evaluated, 11 failed, 1 pruned"), r.summary());
  }

  @Test
  void anEvaluatorThatThrowsFailsOnlyThatCandidate() {
    CandidateEvaluator flaky =
        c -> {
          if (c.getInt("TILE") == 32) {
            throw new IllegalStateException("CUDA_ERROR_ILLEGAL_ADDRESS");
          }
          return new Outcome.Measured(cost(c), 0, 1);
        };
    TuningResult r = Tuner.create().run(space(), flaky, new ExhaustiveStrategy(), Budget.unlimited());
    assertEquals(3, r.failures().size());
    assertEquals(
        Outcome.failed(Outcome.Stage.LAUNCH, "IllegalStateException: CUDA_ERROR_ILLEGAL_ADDRESS"),
        r.failures().get(0).outcome());
    assertEquals("TILE=64,WARPS=4", r.bestConfiguration().orElseThrow().toString());
  }

  @Test
  void theListenerHearsEveryStep() {
    List<String> heard = new ArrayList<>();
    ProgressListener listener =
        new ProgressListener() {
          @Override
          public void started(TuningSpace space, SearchStrategy strategy, Budget budget) {
            heard.add("started " + strategy.name() + " " + budget);
          }

          @Override
          public void evaluated(Trial trial, Optional<Trial> best) {
            heard.add("trial " + trial.number());
          }

          @Override
          public void pruned(PrunedConfiguration pruned) {
            heard.add("pruned " + pruned.configuration());
          }

          @Override
          public void finished(TuningResult result) {
            heard.add("finished " + result.trials().size());
          }
        };
    ScriptedEvaluator evaluator = new ScriptedEvaluator(TunerTest::cost);
    Tuner.withClock(evaluator.clock).run(space(), evaluator, new ExhaustiveStrategy(), Budget.ofCandidates(3), listener);
    assertEquals(
        List.of("started exhaustive 3 candidates", "trial 0", "pruned TILE=128,WARPS=8", "trial 1", "trial 2", "finished 3"),
        heard);
  }

  @Test
  void summarySaysWhatWasFound() {
    TuningResult r = run(new ScriptedEvaluator(TunerTest::cost), new ExhaustiveStrategy(), Budget.unlimited());
    assertEquals(
        "best TILE=64,WARPS=4: 1000.000 us (spread 1.0%, n=10), 1.50x over default; 11 evaluated,"
            + " 0 failed, 1 pruned (exhaustive, completed)",
        r.summary());
    assertFalse(r.best().isEmpty());
  }
}
