package dev.kgen.autotune;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.autotune.paged.PagedAttentionSpace;
import dev.kgen.ir.DType;
import dev.kgen.kernels.paged.PagedAttentionSpec;
import org.junit.jupiter.api.Test;

/** With the bench's usual budget, the tuner runs every suggestion of the paged-attention space. */
class PagedSuggestionsTriedTest {
  @Test
  void everySuggestionRunsWithinTwentyFourCandidates() {
    PagedAttentionSpec spec =
        new PagedAttentionSpec(DType.BF16, DType.BF16, DType.BF16, 32, 8, 128, 16, 8, false, 0, false, true, 16);
    TuningSpace space = PagedAttentionSpace.of("cuda", spec, 2048);
    ScriptedEvaluator evaluator = new ScriptedEvaluator(c -> 1e-6 * (1 + c.hashCode() % 97));
    Tuner.withClock(evaluator.clock).run(space, evaluator, SearchStrategies.byName("auto"), Budget.ofCandidates(24));
    for (Configuration s : space.suggestions()) {
      assertTrue(evaluator.evaluated.contains(s), s + " not among " + evaluator.evaluated);
    }
  }
}
