package dev.kgen.examples.paged;

import dev.kgen.autotune.Budget;
import dev.kgen.autotune.Configuration;
import dev.kgen.autotune.ExhaustiveStrategy;
import dev.kgen.autotune.Measurement;
import dev.kgen.autotune.MeasurementPlan;
import dev.kgen.autotune.Outcome;
import dev.kgen.autotune.Timer;
import dev.kgen.autotune.Tuner;
import dev.kgen.autotune.TuningSpace;
import dev.kgen.autotune.cache.TuningCache;
import dev.kgen.autotune.cache.TuningKey;
import dev.kgen.examples.tuning.CachedTuning;
import dev.kgen.examples.tuning.CachedTuning.Choice;
import dev.kgen.kernels.paged.PagedAttentionSpec;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.Backends;
import dev.kgen.runtime.DeviceInfo;
import dev.kgen.runtime.paged.PagedAttention;
import dev.kgen.runtime.paged.PagedAttentionConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tunes the paged-attention decode step of {@link DecodeStep} from code with the autotuner's
 * own pieces (a {@link TuningSpace}, an evaluator that checks each candidate against the
 * float64 reference before timing it, the {@link Tuner}), stores the winner in a {@link
 * TuningCache}, and then asks again: the second time the cache answers.
 *
 * <pre>java dev.kgen.examples.paged.PagedDecodeTuning [backend [cache-directory]]</pre>
 *
 * <p>By default it runs on the JVM backend, where a search takes seconds, and caches in kgen's
 * tuning cache ({@code $KGEN_TUNE_CACHE}, else {@code ~/.cache/kgen/tune}).
 */
public final class PagedDecodeTuning {
  private static final String TILE_N = PagedAttentionConfig.TILE_N;
  private static final String PROGRAMS_PER_TASK = PagedAttentionConfig.PROGRAMS_PER_TASK;

  private PagedDecodeTuning() {}

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "jvm",
        args.length > 1 ? Path.of(args[1]) : TuningCache.defaultDirectory(), System.out);
  }

  /** Looks up or tunes, then looks up again; returns both choices. */
  public static List<Choice> run(String backendName, Path cacheDirectory, PrintStream out) {
    DecodeStep step = DecodeStep.generate(7);
    TuningCache cache = TuningCache.at(cacheDirectory);
    try (Backend backend = Backends.open(backendName, null, out::println);
        PagedAttention attention = PagedAttention.untuned(backend)) {
      out.println("tuning paged attention on " + backend.device().describe());
      DecodeOnBackend call = new DecodeOnBackend(backend, step);
      PagedAttention.Prepared prepared = attention.prepare(call.args());
      TuningKey key = key(backend, prepared, step);
      TuningSpace space = TuningSpace.builder()
          .ints(TILE_N, 32, 64)
          .ints(PROGRAMS_PER_TASK, 1, 2)
          .build();
      MeasurementPlan plan = MeasurementPlan.builder().warmups(1).minReps(3).maxReps(10)
          .budget(Duration.ofMillis(300)).build();
      Choice first = CachedTuning.lookUpOrTune(cache, key, () -> Tuner.create()
          .run(space, configuration -> evaluate(config(configuration), backend, prepared, call, step, plan),
              new ExhaustiveStrategy(), Budget.ofCandidates(8)), out);
      Choice second = CachedTuning.lookUpOrTune(cache, key, () -> {
        throw new IllegalStateException("the tuning cache lost the record it was just given");
      }, out);
      call.poisonOutput();
      attention.forward(call.args(), config(second.configuration()));
      step.check(call.output(), out);
      return List.of(first, second);
    }
  }

  /** Checks a candidate against the reference, then times it; a wrong answer fails it instead. */
  private static Outcome evaluate(PagedAttentionConfig c, Backend backend, PagedAttention.Prepared prepared,
      DecodeOnBackend call, DecodeStep step, MeasurementPlan plan) {
    call.poisonOutput();
    prepared.run(c, false);
    double error = DecodeReference.relativeError(step.reference(), call.output(), DecodeStep.QUERY_TYPE);
    if (!(error <= DecodeStep.TOLERANCE)) {
      return Outcome.failed(Outcome.Stage.WRONG_ANSWER, "relative error " + error + " > " + DecodeStep.TOLERANCE);
    }
    return Outcome.measured(Measurement.measure(() -> {
      prepared.run(c, false);
      backend.synchronize();
    }, Timer.wallClock(), plan));
  }

  private static PagedAttentionConfig config(Configuration c) {
    return new PagedAttentionConfig(c.getInt(TILE_N), 128, 4, c.getInt(PROGRAMS_PER_TASK));
  }

  /** What the tuned configuration is valid for: this device and backend, this kernel, shapes like these. */
  private static TuningKey key(Backend backend, PagedAttention.Prepared prepared, DecodeStep step) {
    DeviceInfo d = backend.device();
    PagedAttentionSpec spec = prepared.spec();
    Map<String, Object> features = new LinkedHashMap<>(spec.constexprs());
    features.remove("BLOCK_SIZE"); // the tile width is what is being tuned
    features.put("dialect", backend.dialect()); // NVIDIA's OpenCL with and without inline PTX tune apart
    return TuningKey.builder()
        .deviceName(d.name()).deviceVersion(d.version()).driverVersion(d.driver())
        .backend(backend.name())
        .kernelHash(prepared.kernel(PagedAttention.defaultConfig(backend.dialect(), spec)).contentHash())
        .features(features)
        .batchSize(step.seqs().length)
        .sequenceLength(step.maxSeqLen())
        .build();
  }
}
