package dev.kgen.examples.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kgen.launch.Devices;

/**
 * The OpenCL tests' guard: skipped without an OpenCL device, except in CI, which sets
 * KGEN_REQUIRE_OPENCL=1 after installing PoCL so that a broken driver fails the build.
 */
public final class Pocl {
  private Pocl() {}

  public static void require() {
    if (!"1".equals(System.getenv("KGEN_REQUIRE_OPENCL"))) {
      assumeTrue(Devices.openClAvailable(), "no OpenCL device (install pocl-opencl-icd)");
    }
  }
}
