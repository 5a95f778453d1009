package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Shared fixtures: a plausible device for checks that need none, and skip helpers. */
final class TestDevices {
  private TestDevices() {}

  /** An H100-like device; nothing here touches the driver. */
  static CudaDeviceInfo h100() {
    return new CudaDeviceInfo(0, "Test H100", 9, 0, 132, 80L << 30, 1024, 48 * 1024,
        227 * 1024, 228 * 1024, 65536, 32, 50 << 20, 13000, 2_619_000, 5120);
  }

  /** Skips the test unless a CUDA device is usable here. */
  static CudaDeviceInfo requireGpu() {
    assumeTrue(CudaDevices.available(),
        () -> "no CUDA device: " + CudaDevices.unavailableReason().orElse("?"));
    return CudaDevices.list().get(0);
  }

  /** Skips the test unless nvcc is found. */
  static NvccCompiler requireNvcc() {
    var nvcc = NvccCompiler.find();
    assumeTrue(nvcc.isPresent(), "nvcc not found in KGEN_NVCC, PATH, CUDA_HOME or /usr/local/cuda");
    return nvcc.get();
  }
}
