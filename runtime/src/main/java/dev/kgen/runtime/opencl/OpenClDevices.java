package dev.kgen.runtime.opencl;

import java.util.List;
import java.util.Optional;

/**
 * The OpenCL devices of this machine. Discovery runs once per process and never throws: without
 * libOpenCL or a platform the list is empty and {@link #unavailableReason()} says why.
 */
public final class OpenClDevices {
  /** The environment variable consulted when no selector is given. */
  public static final String DEVICE_ENV = OpenClDeviceSelector.ENV;

  private OpenClDevices() {}

  /** All devices of all platforms, in platform then device order; empty when OpenCL is unusable. */
  public static List<OpenClDeviceInfo> list() {
    return OpenClDiscovery.get().devices();
  }

  /** Why {@link #list()} is empty; empty when there is a device. */
  public static Optional<String> unavailableReason() {
    return OpenClDiscovery.get().unavailableReason();
  }

  /**
   * Chooses a device. A null or blank selector defers to {@code $KGEN_OPENCL_DEVICE}, then to
   * the first GPU, then to the first device. A selector is an index into {@link #list()} or a
   * case-insensitive substring of "platform name / device name".
   *
   * @throws OpenClDeviceNotFoundException when the selector matches nothing; the message lists the devices
   * @throws OpenClException when there is no device at all
   */
  public static OpenClDeviceInfo choose(String selector) {
    OpenClDiscovery discovery = OpenClDiscovery.get();
    return OpenClDeviceSelector.select(
        discovery.devices(), selector, System.getenv(DEVICE_ENV), discovery.unavailableReason().orElse(""));
  }
}
