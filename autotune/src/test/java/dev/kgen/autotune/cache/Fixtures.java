package dev.kgen.autotune.cache;

import dev.kgen.autotune.Configuration;
import java.time.Instant;

/** Keys and records for the cache tests. */
final class Fixtures {
  private Fixtures() {}

  static TuningKey key(int batch) {
    return TuningKey.builder()
        .deviceName("NVIDIA H100 80GB HBM3")
        .deviceVersion("9.0")
        .driverVersion("12.4")
        .backend("cuda")
        .kernelHash("3f9a0c1d2e4b5a6978877665544332211ffeeddccbbaa99887766554433221100")
        .feature("BLOCK", 128)
        .feature("DTYPE", "fp16")
        .batchSize(batch)
        .sequenceLength(1000)
        .build();
  }

  static TuningRecord record(int batch, int tile) {
    return TuningRecord.builder()
        .key(key(batch))
        .best(Configuration.parse("LAYOUT=row,TILE_N=" + tile + ",WARPS=4"))
        .medianSeconds(1.25e-5)
        .gigabytesPerSecond(1450.5)
        .defaultSeconds(2.5e-5)
        .timestamp(Instant.parse("2026-11-27T05:39:02Z"))
        .kgenVersion("0.1.0")
        .build();
  }
}
