package dev.kgen.autotune.paged;

import dev.kgen.autotune.cache.TuningKey;
import dev.kgen.kernels.paged.PagedAttentionKernel;
import dev.kgen.kernels.paged.PagedAttentionSpec;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.DeviceInfo;
import dev.kgen.runtime.paged.PagedAttention;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tuning-cache key of a paged-attention shape: the device, the backend (and its dialect
 * where that is not the backend's name: NVIDIA's OpenCL with and without inline PTX tune apart),
 * the hash of the kernel's IR at the default configuration, every constexpr feature except the
 * tuned tile, and the batch size and longest sequence in power-of-two buckets.
 */
public final class PagedAttentionTuningKey {
  private PagedAttentionTuningKey() {}

  public static TuningKey of(Backend backend, PagedAttentionSpec spec, int numSeqs, int maxSeqLen) {
    DeviceInfo device = backend.device();
    String dialect = backend.dialect();
    PagedAttentionSpec atDefault = spec.withTileN(PagedAttention.defaultConfig(dialect, spec).tileN());
    Map<String, Object> features = new TreeMap<>(spec.constexprs());
    features.remove("BLOCK_SIZE");
    features.put("kernel", PagedAttentionKernel.DEF.name());
    if (!dialect.equals(backend.name())) {
      features.put("dialect", dialect);
    }
    return TuningKey.builder()
        .deviceName(device.name())
        .deviceVersion(device.version())
        .driverVersion(device.driver())
        .backend(device.backend())
        .kernelHash(PagedAttentionKernel.DEF.specialize(atDefault.constexprs()).contentHash())
        .features(features)
        .batchSize(Math.max(1, numSeqs))
        .sequenceLength(Math.max(1, maxSeqLen))
        .build();
  }
}
