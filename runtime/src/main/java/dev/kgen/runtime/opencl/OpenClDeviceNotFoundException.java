package dev.kgen.runtime.opencl;

import java.util.List;

/**
 * A user error: a device selector (an argument or {@code $KGEN_OPENCL_DEVICE}) matched no
 * OpenCL device. The message lists the devices that are available.
 */
public final class OpenClDeviceNotFoundException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String selector;
  private final transient List<OpenClDeviceInfo> available;

  OpenClDeviceNotFoundException(String selector, String message, List<OpenClDeviceInfo> available) {
    super(message);
    this.selector = selector;
    this.available = List.copyOf(available);
  }

  /** The selector that matched nothing. */
  public String selector() {
    return selector;
  }

  /** The devices that the selector was matched against. */
  public List<OpenClDeviceInfo> available() {
    return available;
  }
}
