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
    List<DynamicTest> tests = new ArrayList<>();
    // split calls of a sliding window much shorter than the sequences: the partitions start at
    // the window's first tile, so sequences shorter than the window, and the partition the
    // window starts in, both occur
    PagedAttentionCase windowed = PagedAttentionMatrix.baseline().name("window_37_split").window(37).seqLenRange(1, 200)
        .build();
    for (int partitionTiles : new int[] {1, 3}) {
      tests.add(DynamicTest.dynamicTest(windowed.name() + partitionTiles,
          () -> runCase(pa, windowed, ThreadLocalRandom.current().nextLong(), partitionTiles, 0, 1)));
      tests.add(DynamicTest.dynamicTest(windowed.name() + partitionTiles + "_merged_in_pass",
          () -> runCase(pa, windowed, ThreadLocalRandom.current().nextLong(), partitionTiles, 0, 1, 0, 0, 1, true)));
    }
    for (int i = 0; i < cases.size(); i++) {
      PagedAttentionCase c = cases.get(i);
      tests.add(DynamicTest.dynamicTest(c.name(), () -> runCase(pa, c, ThreadLocalRandom.current().nextLong(), 0, 0, 1)));
      // split-KV (flash decoding) on every other case: one or two tiles per partition, merged
      // by the reduce kernel or, every other time, in the pass
      int partitionTiles = 1 + (i / 2) % 2;
      boolean merge = (i / 4) % 2 == 1;
      if (i % 2 == 0) {
        tests.add(DynamicTest.dynamicTest(c.name() + "_split" + partitionTiles + (merge ? "_merged_in_pass" : ""),
            () -> runCase(pa, c, ThreadLocalRandom.current().nextLong(), partitionTiles, 0, 1, 0, 0, 1, merge)));
      }
      // runs of 8 elements per thread on every third case: vector loads where memory allows
      if (i % 3 == 1) {
        tests.add(DynamicTest.dynamicTest(c.name() + "_vec8",
            () -> runCase(pa, c, ThreadLocalRandom.current().nextLong(), 0, 8, 1)));
      }
      // tiles twice the default on every fourth case: a power-of-two block then spans two
      // blocks per tile (one table entry per token), as the tuner's wider tiles do
      if (i % 4 == 3) {
        tests.add(DynamicTest.dynamicTest(c.name() + "_wide_tile",
            () -> runCase(pa, c, ThreadLocalRandom.current().nextLong(), 0, 0, 2)));
      }
      // the tuner's favourite on every fifth case up to head 128: 64-token tiles, runs of 8 and 64
      // threads (on CUDA, K and V of head 128 are then copied into more than 48 KiB of shared memory)
      if (i % 5 == 2 && c.headSize() <= 128) {
        tests.add(DynamicTest.dynamicTest(c.name() + "_tile64_vec8_64_threads",
            () -> runCase(pa, c, ThreadLocalRandom.current().nextLong(), 0, 8, 1, 64, 64)));
      }
      // the backend's untuned default (with its split of long sequences) on every fourth case
      if (i % 4 == 1) {
        tests.add(DynamicTest.dynamicTest(c.name() + "_default", () -> runDefault(pa, c, ThreadLocalRandom.current().nextLong())));
      }
      // two copy stages on every third case (CUDA: the next tile's K and V copies start before
      // the current tile is computed on), split into 0, 1 or 2 tiles per partition in turn, so
      // the pipeline's prologue runs from a partition's first tile and its last iteration has
      // nothing left to copy; at 64-token tiles on every sixth
      if (i % 3 == 0) {
        int stagedPartitionTiles = (i / 3) % 3;
        int stagedTile = i % 6 == 0 && c.headSize() <= 128 ? 64 : 0;
        boolean stagedMerge = stagedPartitionTiles > 0 && (i / 9) % 2 == 0;
        tests.add(DynamicTest.dynamicTest(c.name() + "_two_copy_stages_split" + stagedPartitionTiles
            + (stagedTile > 0 ? "_tile64" : "") + (stagedMerge ? "_merged_in_pass" : ""),
            () -> runCase(pa, c, ThreadLocalRandom.current().nextLong(), stagedPartitionTiles, 8, 1, 0, stagedTile, 2,
                stagedMerge)));
      }
    }
    return tests.stream();
  }

  /** Generates, runs and checks one case as a call without a configuration runs it: the backend's default. */
  public static PagedAttentionReport runDefault(PagedAttention pa, PagedAttentionCase c, long dataSeed) {
    PagedAttentionInputs in = PagedAttentionInputs.generate(c, dataSeed);
    try (PagedAttentionHarness h = new PagedAttentionHarness(pa.backend(), in)) {
      pa.forward(h.args());
      PagedAttentionReport r = h.check();
      if (!r.passed()) {
        throw new AssertionError(pa.backend().name() + " case " + c + " default configuration, data seed " + dataSeed
            + ": " + r.summary());
      }
      return r;
    }
  }

  /**
   * Generates, runs and checks one case with the portable configuration on GPUs (the default elsewhere), split into partitions
   * of {@code partitionTiles} tiles when that is above 0, with runs of {@code vectorWidth}
   * elements per thread when that is above 0, and the default tile times {@code tileFactor};
   * a failure names the case and seed.
   */
  public static PagedAttentionReport runCase(PagedAttention pa, PagedAttentionCase c, long dataSeed, int partitionTiles,
      int vectorWidth, int tileFactor) {
    return runCase(pa, c, dataSeed, partitionTiles, vectorWidth, tileFactor, 0, 0);
  }

  /** {@link #runCase} with {@code threads} per program and tiles of {@code tileN} tokens where those are above 0. */
  public static PagedAttentionReport runCase(PagedAttention pa, PagedAttentionCase c, long dataSeed, int partitionTiles,
      int vectorWidth, int tileFactor, int threads, int tileN) {
    return runCase(pa, c, dataSeed, partitionTiles, vectorWidth, tileFactor, threads, tileN, 1);
  }

  /** {@link #runCase} with {@code copyStages} buffers per copied tile too. */
  public static PagedAttentionReport runCase(PagedAttention pa, PagedAttentionCase c, long dataSeed, int partitionTiles,
      int vectorWidth, int tileFactor, int threads, int tileN, int copyStages) {
    return runCase(pa, c, dataSeed, partitionTiles, vectorWidth, tileFactor, threads, tileN, copyStages, false);
  }

  /**
   * {@link #runCase} with a split's partitions merged in the pass where {@code mergeInPass}: then
   * checked after each of two calls on the same prepared call, the output poisoned again in
   * between, so the second call checks that the first left the arrival counters at zero.
   */
  public static PagedAttentionReport runCase(PagedAttention pa, PagedAttentionCase c, long dataSeed, int partitionTiles,
      int vectorWidth, int tileFactor, int threads, int tileN, int copyStages, boolean mergeInPass) {
    PagedAttentionInputs in = PagedAttentionInputs.generate(c, dataSeed);
    try (PagedAttentionHarness h = new PagedAttentionHarness(pa.backend(), in)) {
      // on GPUs the knobs a case leaves open keep the portable configuration, whatever the default
      String backend = pa.backend().name();
      PagedAttentionConfig d = backend.equals("cuda") || backend.equals("opencl")
          ? PagedAttention.portableConfig(pa.spec(h.args())) : PagedAttention.defaultConfig(backend, pa.spec(h.args()));
      int tile = tileN > 0 ? tileN : d.tileN() * tileFactor;
      PagedAttentionConfig config = new PagedAttentionConfig(tile, threads > 0 ? threads : d.threads(),
          vectorWidth > 0 ? vectorWidth : d.vectorWidth(), d.programsPerTask(), partitionTiles, copyStages, mergeInPass);
      if (!mergeInPass) {
        pa.forward(h.args(), config);
        return checked(pa, c, config, dataSeed, h, "");
      }
      PagedAttention.Prepared call = pa.prepare(h.args());
      call.run(config, false);
      checked(pa, c, config, dataSeed, h, " (first call)");
      h.poisonOutput();
      call.run(config, false);
      return checked(pa, c, config, dataSeed, h, " (second call on the same counters)");
    }
  }

  private static PagedAttentionReport checked(PagedAttention pa, PagedAttentionCase c, PagedAttentionConfig config,
      long dataSeed, PagedAttentionHarness h, String which) {
    PagedAttentionReport r = h.check();
    if (!r.passed()) {
      throw new AssertionError(pa.backend().name() + " case " + c + " config " + config + which + " data seed "
          + dataSeed + ": " + r.summary());
    }
    return r;
  }
}
