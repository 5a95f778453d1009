package dev.kgen.runtime.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CUDA devices of this machine. Discovery never throws: without a driver, JCuda's native
 * library or a GPU, {@link #list()} is empty and {@link #unavailableReason()} says why. The
 * result is computed once per process.
 */
public final class CudaDevices {
  private static volatile Discovery discovery;

  private record Discovery(List<CudaDeviceInfo> devices, Optional<String> reason) {}

  private CudaDevices() {}

  /** Every device the driver reports, in ordinal order; empty when CUDA is unusable. */
  public static List<CudaDeviceInfo> list() {
    return discover().devices();
  }

  /** Whether at least one device was found. */
  public static boolean available() {
    return !list().isEmpty();
  }

  /** Why {@link #list()} is empty; empty when at least one device was found. */
  public static Optional<String> unavailableReason() {
    return discover().reason();
  }

  /**
   * The device with this ordinal.
   *
   * @throws IllegalArgumentException naming the ordinal, the devices found and, when there are
   *     none, why
   */
  public static CudaDeviceInfo get(int index) {
    List<CudaDeviceInfo> devices = list();
    if (index >= 0 && index < devices.size()) {
      return devices.get(index);
    }
    if (devices.isEmpty()) {
      throw new IllegalArgumentException(
          "CUDA device " + index + " requested but no CUDA device is usable: "
              + unavailableReason().orElse("unknown reason"));
    }
    throw new IllegalArgumentException(
        "CUDA device " + index + " does not exist: expected an ordinal in [0, "
            + devices.size() + ")");
  }

  private static Discovery discover() {
    Discovery d = discovery;
    if (d == null) {
      synchronized (CudaDevices.class) {
        d = discovery;
        if (d == null) {
          d = probe();
          discovery = d;
        }
      }
    }
    return d;
  }

  private static Discovery probe() {
    try {
      DriverCall.init();
      int driverVersion = DeviceQuery.driverVersion();
      int count = DeviceQuery.deviceCount();
      if (count == 0) {
        return unavailable("the CUDA driver reports no devices");
      }
      List<CudaDeviceInfo> devices = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        devices.add(DeviceQuery.query(i, driverVersion));
      }
      return new Discovery(List.copyOf(devices), Optional.empty());
    } catch (LinkageError e) {
      // UnsatisfiedLinkError when libcuda.so or JCuda's natives are missing, then
      // NoClassDefFoundError for every later touch of JCudaDriver.
      return unavailable("the CUDA driver library could not be loaded ("
          + NativeLoadFailure.describe(e) + ")");
    } catch (CudaDriverException e) {
      return unavailable(e.getMessage());
    } catch (RuntimeException e) {
      return unavailable("CUDA discovery failed: " + e);
    }
  }

  private static Discovery unavailable(String reason) {
    return new Discovery(List.of(), Optional.of(reason));
  }
}
