package dev.kgen.autotune;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * An evaluator whose candidates take {@code cost(config)} seconds, some of which fail as told,
 * and each of which spends {@code secondsPerCandidate} of a fake clock.
 */
final class ScriptedEvaluator implements CandidateEvaluator {
  private final ToDoubleFunction<Configuration> cost;
  private final Map<Configuration, Outcome.Failed> failures = new HashMap<>();
  final List<Configuration> evaluated = new ArrayList<>();
  final FakeClock clock = new FakeClock();
  double secondsPerCandidate = 1;

  ScriptedEvaluator(ToDoubleFunction<Configuration> cost) {
    this.cost = cost;
  }

  ScriptedEvaluator fail(String configuration, Outcome.Stage stage, String reason) {
    failures.put(Configuration.parse(configuration), Outcome.failed(stage, reason));
    return this;
  }

  @Override
  public Outcome evaluate(Configuration c) {
    evaluated.add(c);
    clock.advanceSeconds(secondsPerCandidate);
    Outcome.Failed f = failures.get(c);
    return f != null ? f : new Outcome.Measured(cost.applyAsDouble(c), 0.01, 10);
  }
}
