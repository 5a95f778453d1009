package dev.kgen.cli;

import dev.kgen.autotune.Budget;
import dev.kgen.autotune.Configuration;
import dev.kgen.autotune.Outcome;
import dev.kgen.autotune.SearchStrategies;
import dev.kgen.autotune.Trial;
import dev.kgen.autotune.TuningResult;
import dev.kgen.autotune.cache.TuningCache;
import dev.kgen.autotune.cache.TuningKey;
import dev.kgen.autotune.cache.TuningRecord;
import dev.kgen.autotune.paged.PagedAttentionTuning;
import dev.kgen.autotune.paged.PagedAttentionTuningKey;
import dev.kgen.kernels.paged.PagedAttentionBytes;
import dev.kgen.kernels.paged.PagedAttentionCase;
import dev.kgen.kernels.paged.PagedAttentionInputs;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.paged.PagedAttention;
import dev.kgen.runtime.paged.PagedAttentionHarness;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kgen tune paged-attention}: tunes one decode shape, shows the best configurations
 * against the device's copy bandwidth and the default, and caches the winner; a second run
 * answers from the cache.
 */
@Command(name = "paged-attention", header = "Tune paged-attention decode for one shape and cache the best configuration.")
final class TunePagedAttentionCommand implements Callable<Integer> {
  static final long DATA_SEED = 1234;

  @Spec private CommandSpec spec;
  @Mixin private PagedAttentionShapeOptions shape;
  @Mixin private BackendOptions backendOptions;
  @Mixin private CacheDirOption cacheDir;

  @Option(names = "--budget", paramLabel = "N", defaultValue = "40",
      description = "At most this many candidates (default: ${DEFAULT-VALUE}).")
  int budget;

  @Option(names = "--time-budget", paramLabel = "SECONDS", defaultValue = "300",
      description = "Stop searching after this many seconds (default: ${DEFAULT-VALUE}).")
  int timeBudget;

  @Option(names = "--strategy", paramLabel = "NAME", defaultValue = "auto",
      description = "exhaustive, random (random sampling then local search) or auto (default: ${DEFAULT-VALUE}).")
  String strategy;

  @Option(names = "--retune", description = "Tune again even when the cache has this shape.")
  boolean retune;

  @Override
  public Integer call() {
    OptionChecks.requireAtLeast("--budget", budget, 1);
    OptionChecks.requireAtLeast("--time-budget", timeBudget, 1);
    PagedAttentionCase c = shape.toCase();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TuningCache cache = cacheDir.open();
    try (Backend backend = backendOptions.open(line -> err.println("kgen: " + line))) {
      PagedAttentionInputs inputs = PagedAttentionInputs.generate(c, DATA_SEED);
      try (PagedAttentionHarness harness = new PagedAttentionHarness(backend, inputs);
          PagedAttention entry = PagedAttention.untuned(backend)) {
        PagedAttention.Prepared call = entry.prepare(harness.args());
        TuningKey key = PagedAttentionTuningKey.of(backend, call.spec(), c.numSeqs(), inputs.batch().maxSeqLen());
        out.println("device  " + backend.device().describe());
        Optional<TuningRecord> cached = retune ? Optional.empty() : cache.get(key);
        if (cached.isPresent()) {
          TuningRecord r = cached.get();
          out.println("cached  " + r.best() + " (tuned " + r.timestamp() + ", key " + CacheKeys.abbreviate(key.hash())
              + "); use --retune to tune again");
          out.println("best    " + Units.seconds(r.medianSeconds())
              + (r.speedupOverDefault().isPresent() ? ", " + Units.speedup(r.speedupOverDefault().getAsDouble()) + " over the default" : ""));
          return ExitCodes.OK;
        }
        double copyBandwidth = backend.copyBandwidth();
        long bytes = PagedAttentionBytes.minimum(inputs);
        PagedAttentionTuning tuning = new PagedAttentionTuning(backend, entry, call, PagedAttentionTuning.planFor(backend));
        Budget b = Budget.builder().maxCandidates(budget).maxWallTime(Duration.ofSeconds(timeBudget)).build();
        TuningResult result;
        try (ProgressDisplay progress = ProgressDisplay.on(System.err, "tuning")) {
          result = tuning.run(SearchStrategies.byName(strategy), b, progress);
        }
        report(out, result, bytes, copyBandwidth);
        if (result.bestConfiguration().isEmpty()) {
          throw new KgenUserException("every candidate failed; the first failure: "
              + result.failures().stream().findFirst().map(Trial::toString).orElse("none"));
        }
        TuningRecord.Builder record = TuningRecord.fromResult(key, result);
        record.gigabytesPerSecond(bytes / seconds(result.best().get()) / 1e9);
        cache.put(record.build());
        out.println("cached under key " + CacheKeys.abbreviate(key.hash()) + " in " + cache.directory());
        return ExitCodes.OK;
      }
    }
  }

  private static double seconds(Trial t) {
    return ((Outcome.Measured) t.outcome()).medianSeconds();
  }

  static void report(PrintWriter out, TuningResult result, long bytes, double copyBandwidth) {
    double defaultSeconds = result.defaultTrial().succeeded() ? seconds(result.defaultTrial()) : Double.NaN;
    List<Trial> ranked = result.trials().stream().filter(Trial::succeeded)
        .sorted(Comparator.comparingDouble(TunePagedAttentionCommand::seconds)).limit(8).toList();
    out.printf(Locale.ROOT, "copy bandwidth %.1f GB/s; %d bytes moved per call; %d candidates, %d failed, %d pruned, %s%n",
        copyBandwidth / 1e9, bytes, result.trials().size(), result.failures().size(), result.pruned().size(),
        result.stopReason());
    TextTable table = new TextTable("RANK", "CONFIGURATION", "TIME (us)", "GB/s", "% COPY BW", "SPEEDUP vs DEFAULT");
    int rank = 1;
    for (Trial t : ranked) {
      double s = seconds(t);
      table.row(Integer.toString(rank++), configText(t.configuration(), t == result.defaultTrial()),
          String.format(Locale.ROOT, "%.1f", s * 1e6),
          String.format(Locale.ROOT, "%.1f", bytes / s / 1e9),
          String.format(Locale.ROOT, "%.1f", 100 * bytes / s / copyBandwidth),
          Double.isNaN(defaultSeconds) ? "-" : String.format(Locale.ROOT, "%.2fx", defaultSeconds / s));
    }
    table.print(out);
    for (Trial f : result.failures()) {
      out.println("failed  " + f);
    }
  }

  private static String configText(Configuration c, boolean isDefault) {
    return c + (isDefault ? " (default)" : "");
  }
}
