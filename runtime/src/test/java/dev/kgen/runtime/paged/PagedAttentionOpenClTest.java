package dev.kgen.runtime.paged;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kgen.runtime.TestBackends;
import dev.kgen.runtime.opencl.OpenClBackend;
import dev.kgen.runtime.opencl.OpenClDevices;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The full randomized suite on OpenCL (PoCL in CI; NVIDIA's OpenCL on the GPU machine). CI
 * sets KGEN_REQUIRE_OPENCL=1, so a missing driver fails instead of skipping.
 */
class PagedAttentionOpenClTest {
  private static OpenClBackend backend;

  static OpenClBackend backend() {
    if (backend == null) {
      assumeTrue(TestBackends.openClExpected(), () -> "no OpenCL device: " + OpenClDevices.unavailableReason().orElse(""));
      backend = OpenClBackend.open(null);
    }
    return backend;
  }

  @AfterAll
  static void close() {
    if (backend != null) {
      backend.close();
      backend = null;
    }
  }

  @TestFactory
  Stream<DynamicTest> everyFeatureAndRandomCombinations() {
    return PagedAttentionSuite.on(backend(), 8);
  }
}
