package dev.kgen.examples.tuning;

import dev.kgen.autotune.Configuration;
import dev.kgen.autotune.TuningResult;
import dev.kgen.autotune.cache.TuningCache;
import dev.kgen.autotune.cache.TuningKey;
import dev.kgen.autotune.cache.TuningRecord;
import java.io.PrintStream;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tuning cache's contract, in one place: look the key up; on a miss run the search, store
 * its best configuration under the key (an atomic write), and use it. The next call with the
 * same key, in this process or another, skips the search.
 */
public final class CachedTuning {
  private CachedTuning() {}

  /** A configuration and whether it came from the cache. */
  public record Choice(Configuration configuration, boolean fromCache) {}

  public static Choice lookUpOrTune(TuningCache cache, TuningKey key, Supplier<TuningResult> search, PrintStream out) {
    Optional<TuningRecord> stored = cache.get(key);
    if (stored.isPresent()) {
      TuningRecord r = stored.get();
      out.printf("tuning cache hit %s: %s (%.1f us when tuned)%n", key.hash().substring(0, 12), r.best(),
          r.medianSeconds() * 1e6);
      return new Choice(r.best(), true);
    }
    out.println("tuning cache miss " + key.hash().substring(0, 12) + ": searching");
    TuningResult result = search.get();
    out.println(result.summary());
    cache.put(TuningRecord.fromResult(key, result).build());
    return new Choice(result.bestConfiguration().orElseThrow(), false);
  }
}
