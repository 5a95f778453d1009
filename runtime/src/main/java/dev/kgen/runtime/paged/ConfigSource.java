package dev.kgen.runtime.paged;

import dev.kgen.runtime.Backend;
import java.util.Optional;

/**
 * Where the entry point gets a configuration for a call: the autotuner's cache (found through
 * {@link java.util.ServiceLoader} when the autotune module is on the class path, which may also
 * tune on first use) or nothing, in which case the heuristic default is used.
 */
public interface ConfigSource {
  /** A configuration for this backend and prepared call, or empty. */
  Optional<PagedAttentionConfig> configFor(Backend backend, PagedAttention entry, PagedAttention.Prepared call,
      int maxSeqLen);
}
