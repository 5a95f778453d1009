package dev.kgen.runtime.paged;

/** Launches one prepared paged-attention call with a given configuration (for tuning). */
public interface PagedAttentionRunner {
  /** Launches once; returns seconds by the device clock when {@code timed}, else 0. */
  double run(PagedAttentionConfig config, boolean timed);
}
