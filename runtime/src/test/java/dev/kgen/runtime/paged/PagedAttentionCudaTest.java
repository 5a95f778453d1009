package dev.kgen.runtime.paged;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kgen.runtime.cuda.CudaBackend;
import dev.kgen.runtime.cuda.CudaDevices;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The full randomized suite on CUDA; skipped cleanly on machines without a GPU. */
class PagedAttentionCudaTest {
  private static CudaBackend backend;

  @AfterAll
  static void close() {
    if (backend != null) {
      backend.close();
      backend = null;
    }
  }

  @TestFactory
  Stream<DynamicTest> everyFeatureAndRandomCombinations() {
    assumeTrue(CudaDevices.available(), () -> "no CUDA device: " + CudaDevices.unavailableReason().orElse(""));
    backend = CudaBackend.open(null);
    return PagedAttentionSuite.on(backend, 24);
  }
}
