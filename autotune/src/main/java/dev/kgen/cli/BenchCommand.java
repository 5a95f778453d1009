package dev.kgen.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kgen.autotune.Budget;
import dev.kgen.autotune.Measurement;
import dev.kgen.autotune.MeasurementPlan;
import dev.kgen.autotune.SearchStrategies;
import dev.kgen.autotune.TuningResult;
import dev.kgen.autotune.cache.TuningCache;
import dev.kgen.autotune.cache.TuningKey;
import dev.kgen.autotune.cache.TuningRecord;
import dev.kgen.autotune.paged.PagedAttentionTuning;
import dev.kgen.autotune.paged.PagedAttentionTuningKey;
import dev.kgen.errors.KgenResourceLimitException;
import dev.kgen.kernels.paged.PagedAttentionBytes;
import dev.kgen.kernels.paged.PagedAttentionCase;
import dev.kgen.kernels.paged.PagedAttentionInputs;
import dev.kgen.kernels.paged.PagedAttentionReport;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.paged.PagedAttention;
import dev.kgen.runtime.paged.PagedAttentionConfig;
import dev.kgen.runtime.paged.PagedAttentionHarness;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kgen bench}: times paged attention on the cases of a JSON file (the format of the
 * public anchor cases), against the copy bandwidth measured in the same run, with the tuned
 * configuration where the cache has one.
 */
@Command(name = "bench", header = "Benchmark paged-attention decode on the cases of a JSON file.")
final class BenchCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private BackendOptions backendOptions;
  @Mixin private CacheDirOption cacheDir;

  @Option(names = "--cases", paramLabel = "FILE", required = true,
      description = "A JSON list of cases: name, num_seqs, q_heads, kv_heads, head, block, seq_len (N or [min,max]), "
          + "dtype, kv, sinks, alibi, window, prefill_frac.")
  Path casesFile;

  @Option(names = "--check", description = "Also compare each output with the float64 reference.")
  boolean check;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON.")
  Path json;

  @Option(names = "--reps", paramLabel = "N", defaultValue = "50", description = "Timed repetitions per case (default: ${DEFAULT-VALUE}).")
  int reps;

  @Option(names = "--warmups", paramLabel = "N",
      description = "Untimed launches before timing (default: 5 on GPUs, 50 on the CPU backends, whose JIT compiler needs them).")
  Integer warmups;

  /**
   * GPUs warm up for this long too: measured on an H200 (bench/README.md, r20), five launches
   * left a case that ran first, without a search before it, 14% to 38% slower and twice as
   * spread as after a search, since the host code that enqueues a timed launch was not yet
   * compiled (the GPU idled between the start event and the kernel) and the clocks not raised.
   */
  static final int GPU_WARMUP_MILLIS = 500;

  @Option(names = "--warmup-ms", paramLabel = "MS",
      description = "Also warm up for at least this long (default: 500 on GPUs, 2000 on the CPU backends: a JIT compiler "
          + "needs time as well as launches, and faster kernels give it less of both).")
  Integer warmupMillis;

  @Option(names = "--scale", paramLabel = "N", defaultValue = "1",
      description = "Divide every case's batch and sequence length by N, to fit a CPU (default: ${DEFAULT-VALUE}).")
  int scale;

  @Option(names = "--tune-budget", paramLabel = "N", defaultValue = "0",
      description = "Tune each case first with this many candidates, unless the cache has it (default: ${DEFAULT-VALUE}: "
          + "use the cache or the default configuration).")
  int tuneBudget;

  @Option(names = "--untuned", description = "Ignore the tuning cache: run the default configuration.")
  boolean untuned;

  @Option(names = "--configs-from", paramLabel = "FILE",
      description = "Run each case with the configuration it ran with in this earlier --json result (by case name), "
          + "to compare builds or machines on the same configurations.")
  Path configsFrom;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1234", description = "Seed of the random case data (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws IOException {
    OptionChecks.requireAtLeast("--reps", reps, 1);
    OptionChecks.requireAtLeast("--scale", scale, 1);
    OptionChecks.requireAtLeast("--tune-budget", tuneBudget, 0);
    if (warmups != null && warmups < 0) {
      throw new KgenUserException("--warmups must not be negative, got " + warmups);
    }
    if (warmupMillis != null && warmupMillis < 0) {
      throw new KgenUserException("--warmup-ms must not be negative, got " + warmupMillis);
    }
    if (configsFrom != null && (untuned || tuneBudget > 0)) {
      throw new KgenUserException("--configs-from runs given configurations; it cannot be combined with --untuned or "
          + "--tune-budget");
    }
    GivenConfigs given = configsFrom == null ? null : GivenConfigs.read(configsFrom);
    List<PagedAttentionCase> cases = readCases();
    if (given != null) {
      given.requireCases(cases.stream().map(PagedAttentionCase::name).toList());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TuningCache cache = cacheDir.open();
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Backend backend = backendOptions.open(line -> err.println("kgen: " + line));
        PagedAttention entry = PagedAttention.untuned(backend)) {
      double copyBandwidth = backend.copyBandwidth();
      out.println("device  " + backend.device().describe());
      out.printf(Locale.ROOT, "copy bandwidth (read+write) %.0f GB/s%n", copyBandwidth / 1e9);
      TextTable table = new TextTable("CASE", "TIME (us)", "GB/s", "% COPY BW", "REL ERR", "CONFIGURATION");
      for (PagedAttentionCase c : cases) {
        Map<String, Object> row;
        try {
          row = runCase(backend, entry, cache, given, c, copyBandwidth, err);
        } catch (KgenResourceLimitException tooLarge) {
          // a given configuration this backend cannot build: the other cases still run
          err.println("kgen: " + c.name() + " cannot run its configuration: " + tooLarge.getMessage());
          row = new LinkedHashMap<>();
          row.put("name", c.name());
          row.put("passed", false);
          row.put("error", tooLarge.getMessage());
          rows.add(row);
          table.row(c.name(), "-", "-", "-", "-", "cannot run: " + tooLarge.getMessage());
          out.flush();
          continue;
        }
        rows.add(row);
        table.row(c.name(), String.format(Locale.ROOT, "%.1f", (double) row.get("us")),
            String.format(Locale.ROOT, "%.1f", (double) row.get("gbps")),
            String.format(Locale.ROOT, "%.1f", (double) row.get("pct_of_copy_bw")),
            row.get("rel_err") == null ? "-" : String.format(Locale.ROOT, "%.2e", (double) row.get("rel_err")),
            row.get("config") + ("default".equals(row.get("config_source")) ? " (default)" : ""));
        out.flush();
      }
      table.print(out);
      if (json != null) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("copy_bw_gbps", copyBandwidth / 1e9);
        doc.put("device", backend.device().name());
        doc.put("backend", backend.name());
        doc.put("rows", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), doc);
      }
    }
    boolean failed = rows.stream().anyMatch(r -> Boolean.FALSE.equals(r.get("passed")));
    return failed ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
  }

  private List<PagedAttentionCase> readCases() {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode raw;
    try {
      raw = mapper.readTree(Files.readString(casesFile));
    } catch (IOException e) {
      throw new KgenUserException("cannot read cases file " + casesFile + ": " + IoReasons.of(e));
    }
    if (!raw.isArray()) {
      throw new KgenUserException("cases file " + casesFile + " holds " + JsonKinds.of(raw)
          + "; expected a list of cases, each an object such as {\"name\": \"llama8b\", \"num_seqs\": 8, ...}");
    }
    if (raw.isEmpty()) {
      throw new KgenUserException("cases file " + casesFile + " holds an empty list; expected at least one case");
    }
    List<PagedAttentionCase> cases = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      JsonNode node = raw.get(i);
      if (!node.isObject()) {
        throw new KgenUserException("cases file " + casesFile + ": entry " + i + " is " + JsonKinds.of(node)
            + "; expected an object of case fields");
      }
      PagedAttentionCase c = PagedAttentionCase.fromJson(mapper.convertValue(node, new TypeReference<Map<String, Object>>() {}));
      if (scale > 1) {
        PagedAttentionCase.Builder b = c.toBuilder().numSeqs(Math.max(1, c.numSeqs() / scale));
        b = c.fixedSeqLen() ? b.seqLen(Math.max(1, c.seqLenMax() / scale))
            : b.seqLenRange(Math.max(1, c.seqLenMin() / scale), Math.max(1, c.seqLenMax() / scale));
        c = b.build();
      }
      cases.add(c);
    }
    return cases;
  }

  private Map<String, Object> runCase(Backend backend, PagedAttention entry, TuningCache cache, GivenConfigs given,
      PagedAttentionCase c, double copyBandwidth, PrintWriter err) {
    PagedAttentionInputs inputs = PagedAttentionInputs.generate(c, seed);
    try (PagedAttentionHarness h = new PagedAttentionHarness(backend, inputs)) {
      PagedAttention.Prepared call = entry.prepare(h.args());
      TuningKey key = PagedAttentionTuningKey.of(backend, call.spec(), c.numSeqs(), inputs.batch().maxSeqLen());
      PagedAttentionConfig defaults = PagedAttention.defaultConfig(backend.dialect(), call.spec(), inputs.batch().maxSeqLen());
      PagedAttentionConfig config = defaults;
      String source = "default";
      if (given != null) {
        config = given.of(c.name(), defaults);
        source = "given";
      } else if (!untuned) {
        TuningRecord record = cache.get(key).orElse(null);
        if (record == null && tuneBudget > 0) {
          err.println("kgen: tuning " + c.name() + " (" + tuneBudget + " candidates)");
          TuningResult result = new PagedAttentionTuning(backend, entry, call, PagedAttentionTuning.planFor(backend))
              .run(SearchStrategies.byName("auto"), Budget.builder().maxCandidates(tuneBudget)
                  .maxWallTime(Duration.ofMinutes(3)).build(), dev.kgen.autotune.ProgressListener.NONE);
          if (result.bestConfiguration().isPresent()) {
            record = TuningRecord.fromResult(key, result).build();
            cache.put(record);
          }
        }
        if (record != null) {
          config = PagedAttentionConfig.fromMap(record.best().asMap(), defaults);
          source = "tuned";
        }
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", c.name());
      PagedAttentionReport report = null;
      if (check) {
        h.poisonOutput();
        call.run(config, false);
        report = h.check();
      }
      boolean cpu = backend.name().equals("jvm") || backend.name().equals("interpreter");
      int warm = warmups != null ? warmups : cpu ? 50 : 5;
      int warmMillis = warmupMillis != null ? warmupMillis : cpu ? 2000 : GPU_WARMUP_MILLIS;
      MeasurementPlan plan = MeasurementPlan.builder().warmups(warm).minWarmup(Duration.ofMillis(warmMillis))
          .minReps(reps).maxReps(reps)
          .targetRelativeSpread(1e-9).budget(Duration.ofMinutes(5)).build();
      Measurement m = PagedAttentionTuning.measure(call, config, plan);
      long bytes = PagedAttentionBytes.minimum(inputs);
      double gbps = bytes / m.medianSeconds() / 1e9;
      row.put("us", m.medianSeconds() * 1e6);
      row.put("bytes", bytes);
      row.put("gbps", gbps);
      row.put("pct_of_copy_bw", 100 * gbps * 1e9 / copyBandwidth);
      if (c.window() > 0) {
        long windowed = PagedAttentionBytes.windowed(inputs);
        row.put("window_bytes", windowed);
        row.put("pct_of_copy_bw_window", 100 * (windowed / m.medianSeconds()) / copyBandwidth);
      }
      row.put("rel_err", report == null ? null : report.relL2Error());
      row.put("passed", report == null ? null : report.passed());
      row.put("config", config.toString());
      row.put("config_source", source);
      row.put("spread", m.spread());
      if (report != null && !report.passed()) {
        err.println("kgen: " + c.name() + " FAILED the check: " + report.summary());
      }
      return row;
    }
  }
}
