package dev.kgen.autotune.paged;

import dev.kgen.autotune.Budget;
import dev.kgen.autotune.ProgressListener;
import dev.kgen.autotune.SearchStrategies;
import dev.kgen.autotune.TuningResult;
import dev.kgen.autotune.cache.TuningCache;
import dev.kgen.autotune.cache.TuningKey;
import dev.kgen.autotune.cache.TuningRecord;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.paged.ConfigSource;
import dev.kgen.runtime.paged.PagedAttention;
import dev.kgen.runtime.paged.PagedAttentionConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tuning cache as the entry point's configuration source: a shape tuned before (by
 * {@code kgen tune} or on first use) runs with its best configuration. With
 * {@code KGEN_TUNE_ON_FIRST_USE=1} (or {@link #tuningOnFirstUse}) a shape not in the cache is
 * tuned once, within a small budget, and cached for every later process.
 */
public final class TunedConfigSource implements ConfigSource {
  public static final String TUNE_ON_FIRST_USE_ENV = "KGEN_TUNE_ON_FIRST_USE";

  private final TuningCache cache;
  private final boolean tuneOnMiss;
  private final Budget budget;
  private final Map<String, Optional<PagedAttentionConfig>> seen = new ConcurrentHashMap<>();

  /** The service-loader constructor: the default cache, tuning on first use when the environment asks. */
  public TunedConfigSource() {
    this(TuningCache.openDefault(), "1".equals(System.getenv(TUNE_ON_FIRST_USE_ENV)), defaultBudget());
  }

  public TunedConfigSource(TuningCache cache, boolean tuneOnMiss, Budget budget) {
    this.cache = cache;
    this.tuneOnMiss = tuneOnMiss;
    this.budget = budget;
  }

  /** A source that tunes shapes missing from {@code cache} the first time they run. */
  public static TunedConfigSource tuningOnFirstUse(TuningCache cache, Budget budget) {
    return new TunedConfigSource(cache, true, budget);
  }

  public static Budget defaultBudget() {
    return Budget.builder().maxCandidates(16).maxWallTime(Duration.ofSeconds(60)).build();
  }

  @Override
  public Optional<PagedAttentionConfig> configFor(Backend backend, PagedAttention entry, PagedAttention.Prepared call,
      int maxSeqLen) {
    TuningKey key = PagedAttentionTuningKey.of(backend, call.spec(), call.numSeqs(), maxSeqLen);
    PagedAttentionConfig defaults = PagedAttention.defaultConfig(backend.dialect(), call.spec());
    return seen.computeIfAbsent(key.hash(), h -> {
      Optional<TuningRecord> record = cache.get(key);
      if (record.isEmpty() && tuneOnMiss) {
        TuningResult result = new PagedAttentionTuning(backend, entry, call, PagedAttentionTuning.planFor(backend))
            .run(SearchStrategies.byName("auto"), budget, ProgressListener.NONE);
        if (result.bestConfiguration().isPresent()) {
          TuningRecord r = TuningRecord.fromResult(key, result).build();
          cache.put(r);
          record = Optional.of(r);
        }
      }
      return record.map(r -> PagedAttentionConfig.fromMap(r.best().asMap(), defaults));
    });
  }
}
