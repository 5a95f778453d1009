package dev.kgen.runtime.cuda;

import java.util.Objects;

/**
 * What kgen needs to know about one CUDA device, read once through the driver API.
 *
 * @param index the driver's device ordinal
 * @param name the marketing name, e.g. {@code NVIDIA H200}
 * @param computeMajor compute capability major version, e.g. 9 for sm_90
 * @param computeMinor compute capability minor version
 * @param multiprocessorCount number of SMs
 * @param totalMemoryBytes global memory size
 * @param maxThreadsPerBlock largest block the device accepts
 * @param maxSharedMemoryPerBlock shared memory a block gets without opting in (48 KiB)
 * @param maxSharedMemoryPerBlockOptin shared memory a block may get after setting {@code
 *     CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES}
 * @param maxSharedMemoryPerMultiprocessor shared memory of one SM
 * @param maxRegistersPerBlock 32-bit registers available to one block
 * @param warpSize threads per warp
 * @param l2CacheBytes L2 cache size
 * @param driverVersion the driver's CUDA version as the driver reports it, e.g. 13000
 * @param memoryClockKhz peak memory clock in kHz, 0 when the driver does not report it
 * @param memoryBusWidthBits global memory bus width, 0 when the driver does not report it
 */
public record CudaDeviceInfo(
    int index,
    String name,
    int computeMajor,
    int computeMinor,
    int multiprocessorCount,
    long totalMemoryBytes,
    int maxThreadsPerBlock,
    int maxSharedMemoryPerBlock,
    int maxSharedMemoryPerBlockOptin,
    int maxSharedMemoryPerMultiprocessor,
    int maxRegistersPerBlock,
    int warpSize,
    int l2CacheBytes,
    int driverVersion,
    int memoryClockKhz,
    int memoryBusWidthBits) {

  public CudaDeviceInfo {
    Objects.requireNonNull(name, "name");
    if (index < 0) {
      throw new IllegalArgumentException("device index " + index + ": must be >= 0");
    }
    if (computeMajor <= 0 || computeMinor < 0) {
      throw new IllegalArgumentException(
          "device " + index + " compute capability " + computeMajor + "." + computeMinor
              + ": expected a major version >= 1 and a minor version >= 0");
    }
  }

  /** The nvcc/NVRTC real architecture, e.g. {@code sm_90}. */
  public String arch() {
    return "sm_" + computeMajor + computeMinor;
  }

  /** The compute capability as text, e.g. {@code 9.0}. */
  public String computeCapability() {
    return computeMajor + "." + computeMinor;
  }

  /** The driver's CUDA version as text, e.g. {@code 13.0} for 13000. */
  public String driverVersionString() {
    return (driverVersion / 1000) + "." + (driverVersion % 1000) / 10;
  }

  /**
   * Theoretical DRAM bandwidth in bytes per second (double data rate times bus width), or 0
   * when the driver reports neither the memory clock nor the bus width.
   */
  public double peakMemoryBandwidthBytesPerSecond() {
    return 2.0 * memoryClockKhz * 1000.0 * (memoryBusWidthBits / 8.0);
  }

  /** One line for logs: {@code #0 NVIDIA H200 sm_90, 132 SMs, 139.8 GiB, L2 60.0 MiB, ...}. */
  public String summary() {
    return String.format(
        "#%d %s %s, %d SMs, %.1f GiB, L2 %.1f MiB, smem/block %d KiB (opt-in %d KiB), driver %s",
        index,
        name,
        arch(),
        multiprocessorCount,
        totalMemoryBytes / (double) (1L << 30),
        l2CacheBytes / (double) (1 << 20),
        maxSharedMemoryPerBlock / 1024,
        maxSharedMemoryPerBlockOptin / 1024,
        driverVersionString());
  }
}
