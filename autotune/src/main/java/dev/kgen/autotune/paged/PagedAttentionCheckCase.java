package dev.kgen.autotune.paged;

import dev.kgen.errors.KgenUserException;
import dev.kgen.ir.DType;
import dev.kgen.kernels.paged.PagedAttentionCase;
import dev.kgen.kernels.paged.PagedAttentionSpec;

/**
 * A small problem with the same compile-time features as a tuned shape, on which every
 * candidate is checked against the float64 reference before it is timed: a wrong but fast
 * variant must never win.
 */
public final class PagedAttentionCheckCase {
  private PagedAttentionCheckCase() {}

  public static PagedAttentionCase forSpec(PagedAttentionSpec spec) {
    String kv = spec.kvDtype() == DType.FP8E4M3 ? "fp8_e4m3" : spec.kvDtype() == DType.FP8E5M2 ? "fp8_e5m2" : "auto";
    int block = spec.physicalBlockSize();
    int maxLen = block > 64 ? 2 * block + 17 : 97;
    PagedAttentionCase c = PagedAttentionCase.builder()
        .name("check")
        .numSeqs(3)
        .qHeads(spec.numQueryHeads())
        .kvHeads(spec.numKvHeads())
        .headSize(spec.headSize())
        .blockSize(block)
        .seqLenRange(1, maxLen)
        .dtype(spec.queryDtype())
        .kvCacheDtype(kv)
        .sinks(spec.useSinks())
        .alibi(spec.useAlibi())
        .window(spec.slidingWindow())
        .outputScale(spec.fp8Output() ? 0.05 : null)
        .build();
    if (c.x() != spec.x()) {
      throw new KgenUserException("cannot check candidates for a K cache with x = " + spec.x() + "; kgen's check inputs use x = "
          + c.x() + " (16 bytes per element group)");
    }
    return c;
  }
}
