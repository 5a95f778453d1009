package dev.kgen.runtime.opencl;

import java.util.Arrays;

/** Checks an NDRange before it reaches the driver, whose only answer would be an error code. */
final class OpenClWorkSize {
  private OpenClWorkSize() {}

  /**
   * Global sizes need 1 to 3 positive entries; local sizes, when given, the same count of positive
   * entries whose product fits the device's work-group limit. Divisibility is left to the driver
   * because OpenCL 2.0+ allows non-uniform work-groups.
   */
  static void check(String kernelName, long[] global, long[] local, long maxWorkGroupSize) {
    String launch = "launch of kernel '" + kernelName + "'";
    if (global == null || global.length < 1 || global.length > 3) {
      throw new IllegalArgumentException(
          launch + ": globalSize " + describe(global) + " must have 1 to 3 entries, one per NDRange dimension");
    }
    for (long g : global) {
      if (g <= 0) {
        throw new IllegalArgumentException(launch + ": globalSize " + describe(global) + " has an entry <= 0; every entry must be positive");
      }
    }
    if (local == null) {
      return;
    }
    if (local.length != global.length) {
      throw new IllegalArgumentException(
          launch + ": localSize " + describe(local) + " has " + local.length + " entries but globalSize "
              + describe(global) + " has " + global.length + "; give one entry per dimension or pass null");
    }
    long product = 1;
    for (long l : local) {
      if (l <= 0) {
        throw new IllegalArgumentException(launch + ": localSize " + describe(local) + " has an entry <= 0; every entry must be positive");
      }
      product = Math.multiplyExact(product, l);
    }
    if (maxWorkGroupSize > 0 && product > maxWorkGroupSize) {
      throw new IllegalArgumentException(
          launch + ": localSize " + describe(local) + " makes work-groups of " + product
              + " items but the device allows at most " + maxWorkGroupSize);
    }
  }

  static String describe(long[] sizes) {
    return sizes == null ? "null" : Arrays.toString(sizes);
  }
}
