package dev.kgen.runtime;

/**
 * What a backend runs on, as far as caches and reports care: the backend's name, the device's
 * name, its version (compute capability or OpenCL version) and the driver version.
 */
public record DeviceInfo(String backend, String name, String version, String driver, long memoryBytes, int computeUnits) {
  /** One line for logs and tables, e.g. {@code cuda: NVIDIA H200 (sm_90, driver 13000)}. */
  public String describe() {
    return backend + ": " + name + " (" + version + ", driver " + driver + ")";
  }
}
