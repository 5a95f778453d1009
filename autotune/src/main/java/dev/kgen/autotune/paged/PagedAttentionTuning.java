package dev.kgen.autotune.paged;

import dev.kgen.autotune.Budget;
import dev.kgen.autotune.CandidateFailure;
import dev.kgen.autotune.Configuration;
import dev.kgen.autotune.FinalRound;
import dev.kgen.autotune.Measurement;
import dev.kgen.autotune.MeasurementPlan;
import dev.kgen.autotune.ParallelCompileEvaluator;
import dev.kgen.autotune.ProgressListener;
import dev.kgen.autotune.SearchStrategy;
import dev.kgen.autotune.StagedEvaluator;
import dev.kgen.autotune.Timer;
import dev.kgen.autotune.TuningResult;
import dev.kgen.autotune.TuningSpace;
import dev.kgen.autotune.Tuner;
import dev.kgen.kernels.paged.PagedAttentionInputs;
import dev.kgen.kernels.paged.PagedAttentionReport;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.paged.PagedAttention;
import dev.kgen.runtime.paged.PagedAttentionConfig;
import dev.kgen.runtime.paged.PagedAttentionHarness;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Tunes one paged-attention shape on a backend: candidates are compiled in parallel where the
 * backend allows, checked against the float64 reference on a small problem with the same
 * features, then timed on the real problem with the device's clock.
 */
public final class PagedAttentionTuning {
  private final Backend backend;
  private final PagedAttention entry;
  private final PagedAttention.Prepared target;
  private final MeasurementPlan plan;

  public PagedAttentionTuning(Backend backend, PagedAttention entry, PagedAttention.Prepared target, MeasurementPlan plan) {
    this.backend = backend;
    this.entry = entry;
    this.target = target;
    this.plan = plan;
  }

  /**
   * The four fastest candidates and the default, timed again three times each in turn: the
   * search's single short timing let a candidate 5-10% slower win by noise (r28: four of nine
   * public cases picked a configuration slower than the one r26 chose).
   */
  private static final FinalRound FINAL_ROUND = FinalRound.of(4, 3);

  /** Measurement defaults: a few warm-ups, 5 to 50 repetitions, stop at 3% spread or 2 s. */
  public static MeasurementPlan defaultPlan() {
    return MeasurementPlan.builder().warmups(2).minReps(5).maxReps(50).targetRelativeSpread(0.03)
        .budget(Duration.ofSeconds(2)).build();
  }

  /**
   * The plan for a backend: on the CPU backends every candidate is new Java code that HotSpot
   * compiles only after some launches, so each gets 30 warm-ups (else the first candidate, the
   * default, would be timed cold and every other one would look faster than it is).
   */
  public static MeasurementPlan planFor(Backend backend) {
    boolean cpu = backend.name().equals("jvm") || backend.name().equals("interpreter");
    return cpu ? defaultPlan().toBuilder().warmups(30).budget(Duration.ofSeconds(4)).build() : defaultPlan();
  }

  /**
   * Times a prepared call by the device's own clock (CUDA events, OpenCL profiling; the wall
   * clock on the CPU backends), as the plan says: warm-ups, repetitions, spread, budget.
   */
  public static Measurement measure(PagedAttention.Prepared call, PagedAttentionConfig config, MeasurementPlan plan) {
    double[] last = new double[1];
    Timer deviceClock = once -> {
      once.run();
      return last[0];
    };
    return Measurement.measure(() -> last[0] = call.run(config, true), deviceClock, plan);
  }

  public TuningSpace space() {
    return PagedAttentionSpace.of(backend.dialect(), target.spec(), target.maxSeqLen());
  }

  public TuningResult run(SearchStrategy strategy, Budget budget, ProgressListener listener) {
    TuningSpace space = space();
    PagedAttentionConfig defaults = PagedAttention.defaultConfig(backend.dialect(), target.spec());
    PagedAttentionInputs checkInputs = PagedAttentionInputs.generate(PagedAttentionCheckCase.forSpec(target.spec()), 20261127L);
    // Compilers that run as separate processes (nvcc) may run side by side; device APIs may not.
    int threads = backend.name().equals("cuda") ? Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())) : 1;
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "kgen-compile");
      t.setDaemon(true);
      return t;
    });
    try (PagedAttentionHarness check = new PagedAttentionHarness(backend, checkInputs)) {
      PagedAttention.Prepared checkCall = entry.prepare(check.args());
      StagedEvaluator<PagedAttentionConfig> stages = new StagedEvaluator<>() {
        @Override
        public PagedAttentionConfig prepare(Configuration c) {
          PagedAttentionConfig config = PagedAttentionSpace.toConfig(c, defaults);
          target.compile(config);
          checkCall.compile(config);
          return config;
        }

        @Override
        public void check(Configuration c, PagedAttentionConfig config) {
          check.poisonOutput();
          checkCall.run(config, false);
          PagedAttentionReport r = check.check();
          if (!r.passed()) {
            throw CandidateFailure.wrongAnswer(r.summary());
          }
        }

        @Override
        public Measurement measure(Configuration c, PagedAttentionConfig config) {
          return PagedAttentionTuning.measure(target, config, plan);
        }
      };
      TuningResult searched = Tuner.create().run(space, ParallelCompileEvaluator.of(stages, pool)
          .withLookahead(threads * 2), strategy, budget, listener);
      MeasurementPlan retiming = plan.toBuilder().minReps(Math.max(plan.minReps(), 10)).build();
      return FINAL_ROUND.run(searched, c -> measure(target, PagedAttentionSpace.toConfig(c, defaults), retiming), listener);
    } finally {
      pool.shutdownNow();
    }
  }
}
