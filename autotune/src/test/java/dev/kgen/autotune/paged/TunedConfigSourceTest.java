package dev.kgen.autotune.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.autotune.Budget;
import dev.kgen.autotune.cache.TuningCache;
import dev.kgen.ir.DType;
import dev.kgen.kernels.paged.PagedAttentionCase;
import dev.kgen.kernels.paged.PagedAttentionInputs;
import dev.kgen.runtime.LaunchOptions;
import dev.kgen.runtime.jvm.JvmBackend;
import dev.kgen.runtime.paged.PagedAttention;
import dev.kgen.runtime.paged.PagedAttentionConfig;
import dev.kgen.runtime.paged.PagedAttentionHarness;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runtime JIT specialization takes tuned configurations from the cache, and can tune on first use. */
class TunedConfigSourceTest {
  private static PagedAttentionCase smallCase() {
    return PagedAttentionCase.builder().name("first_use").numSeqs(2).qHeads(4).kvHeads(1).headSize(32).blockSize(16)
        .seqLenRange(1, 40).dtype(DType.BF16).kvCacheDtype("auto").build();
  }

  @Test
  void theServiceLoaderFindsTheTunedSource() {
    assertTrue(ServiceLoader.load(dev.kgen.runtime.paged.ConfigSource.class).findFirst()
        .map(s -> s instanceof TunedConfigSource).orElse(false));
  }

  @Test
  void tunesOnFirstUseThenAnswersFromTheCache(@TempDir Path dir) {
    long seed = ThreadLocalRandom.current().nextLong();
    TuningCache cache = TuningCache.at(dir);
    JvmBackend backend = JvmBackend.create();
    PagedAttentionInputs inputs = PagedAttentionInputs.generate(smallCase(), seed);
    TunedConfigSource source = TunedConfigSource.tuningOnFirstUse(cache, Budget.ofCandidates(3));
    try (PagedAttentionHarness h = new PagedAttentionHarness(backend, inputs);
        PagedAttention entry = new PagedAttention(backend, source, LaunchOptions.defaults())) {
      entry.forward(h.args());
      assertTrue(h.check().passed(), "seed " + seed + ": " + h.check().summary());
      assertEquals(1, cache.list().size(), "the first call tuned the shape and cached it");
      PagedAttention.Prepared call = entry.prepare(h.args());
      TunedConfigSource fresh = new TunedConfigSource(cache, false, Budget.ofCandidates(1));
      Optional<PagedAttentionConfig> cached = fresh.configFor(backend, entry, call, inputs.batch().maxSeqLen());
      assertTrue(cached.isPresent(), "a second source, like a second process, reads the tuned configuration");
      assertEquals(cache.list().get(0).best().getInt(PagedAttentionConfig.TILE_N), cached.get().tileN());
    }
  }

  @Test
  void withoutTuningAMissIsEmpty(@TempDir Path dir) {
    JvmBackend backend = JvmBackend.create();
    PagedAttentionInputs inputs = PagedAttentionInputs.generate(smallCase(), 7);
    try (PagedAttentionHarness h = new PagedAttentionHarness(backend, inputs);
        PagedAttention entry = PagedAttention.untuned(backend)) {
      TunedConfigSource source = new TunedConfigSource(TuningCache.at(dir), false, Budget.ofCandidates(1));
      assertTrue(source.configFor(backend, entry, entry.prepare(h.args()), 40).isEmpty());
    }
  }
}
