package dev.kgen.runtime.paged;

import dev.kgen.kernels.paged.PagedAttentionSpec;
import dev.kgen.runtime.Backend;
import java.util.Optional;

/**
 * Where the entry point gets a configuration for a shape it has not seen: the autotuner's cache
 * (found through {@link java.util.ServiceLoader} when the autotune module is on the class path)
 * or nothing, in which case the heuristic default is used.
 */
public interface ConfigSource {
  /**
   * A configuration for this backend, spec and run-time shape, or empty. {@code call} may be
   * used to tune on first use; it launches the kernel with a given configuration.
   */
  Optional<PagedAttentionConfig> configFor(Backend backend, PagedAttentionSpec spec, int numSeqs, int maxSeqLen,
      PagedAttentionRunner call);
}
