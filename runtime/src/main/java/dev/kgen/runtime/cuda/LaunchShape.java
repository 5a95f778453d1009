package dev.kgen.runtime.cuda;

import java.util.Arrays;

/**
 * Checks a launch's grid, block and dynamic shared memory against the device's limits before
 * the driver sees them, so a mistake reads as what was wrong instead of
 * CUDA_ERROR_INVALID_VALUE.
 */
final class LaunchShape {
  private static final long[] MAX_GRID = {Integer.MAX_VALUE, 65535, 65535};
  private static final int[] MAX_BLOCK = {1024, 1024, 64};

  private LaunchShape() {}

  static void check(String kernel, int[] grid, int[] block, int sharedBytes,
      CudaDeviceInfo device, int kernelMaxThreads, int staticSharedBytes) {
    String where = "launch of kernel '" + kernel + "'";
    dims(where, "grid", grid, MAX_GRID);
    long[] blockLimits = {MAX_BLOCK[0], MAX_BLOCK[1], MAX_BLOCK[2]};
    dims(where, "block", block, blockLimits);
    long threads = (long) block[0] * block[1] * block[2];
    int maxThreads = Math.min(device.maxThreadsPerBlock(),
        kernelMaxThreads > 0 ? kernelMaxThreads : Integer.MAX_VALUE);
    if (threads > maxThreads) {
      throw new IllegalArgumentException(where + ": block " + Arrays.toString(block) + " has "
          + threads + " threads; this kernel on " + device.name() + " allows at most "
          + maxThreads + (kernelMaxThreads < device.maxThreadsPerBlock()
              ? " (limited by its register use)" : ""));
    }
    if (sharedBytes < 0) {
      throw new IllegalArgumentException(
          where + ": dynamic shared memory " + sharedBytes + " bytes: expected >= 0");
    }
    int limit = Math.max(device.maxSharedMemoryPerBlockOptin(), device.maxSharedMemoryPerBlock());
    if ((long) sharedBytes + staticSharedBytes > limit) {
      throw new IllegalArgumentException(where + ": " + sharedBytes + " bytes of dynamic plus "
          + staticSharedBytes + " bytes of static shared memory exceed the " + limit
          + " bytes a block may use on " + device.name());
    }
  }

  private static void dims(String where, String what, int[] dims, long[] max) {
    if (dims == null || dims.length != 3) {
      throw new IllegalArgumentException(where + ": " + what + " is "
          + (dims == null ? "null" : Arrays.toString(dims)) + ": expected 3 dimensions {x, y, z}"
          + " (use 1 for unused ones)");
    }
    for (int i = 0; i < 3; i++) {
      if (dims[i] < 1 || dims[i] > max[i]) {
        throw new IllegalArgumentException(where + ": " + what + " " + Arrays.toString(dims)
            + " has " + "xyz".charAt(i) + " = " + dims[i] + ": expected 1.." + max[i]);
      }
    }
  }
}
