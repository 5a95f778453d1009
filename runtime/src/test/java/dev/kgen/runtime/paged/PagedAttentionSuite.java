package dev.kgen.runtime.paged;

import dev.kgen.kernels.paged.PagedAttentionCase;
import dev.kgen.kernels.paged.PagedAttentionInputs;
import dev.kgen.kernels.paged.PagedAttentionReport;
import dev.kgen.runtime.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs the paged-attention feature matrix on one backend: fresh random inputs per case, the
 * output poisoned with NaN, compared with the float64 reference (skipped rows and padding
 * must stay untouched). A failure names the case and its seed.
 */
public final class PagedAttentionSuite {
  private PagedAttentionSuite() {}

  public static Stream<DynamicTest> on(Backend backend, int randomCombinations) {
    long seed = ThreadLocalRandom.current().nextLong();
    List<PagedAttentionCase> cases = new ArrayList<>(PagedAttentionMatrix.features());
    cases.addAll(PagedAttentionMatrix.randomCombinations(seed, randomCombinations));
    PagedAttention pa = PagedAttention.untuned(backend);
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      long dataSeed = ThreadLocalRandom.current().nextLong();
      runCase(pa, c, dataSeed).assertPassed();
    }));
  }

  /** Generates, runs and checks one case; the report's summary carries the case and seed. */
  public static PagedAttentionReport runCase(PagedAttention pa, PagedAttentionCase c, long dataSeed) {
    PagedAttentionInputs in = PagedAttentionInputs.generate(c, dataSeed);
    try (PagedAttentionHarness h = new PagedAttentionHarness(pa.backend(), in)) {
      pa.forward(h.args());
      PagedAttentionReport r = h.check();
      if (!r.passed()) {
        throw new AssertionError(pa.backend().name() + " case " + c + " data seed " + dataSeed + ": " + r.summary());
      }
      return r;
    }
  }
}
