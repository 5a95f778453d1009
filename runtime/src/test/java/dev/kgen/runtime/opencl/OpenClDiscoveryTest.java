package dev.kgen.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OpenClDiscoveryTest {
  @Test
  void deviceTypeBitsPreferGpu() {
    assertEquals(OpenClDeviceInfo.Type.GPU, OpenClDiscovery.typeOf(1 << 2 | 1 << 0)); // GPU | DEFAULT
    assertEquals(OpenClDeviceInfo.Type.CPU, OpenClDiscovery.typeOf(1 << 1));
    assertEquals(OpenClDeviceInfo.Type.ACCELERATOR, OpenClDiscovery.typeOf(1 << 3));
    assertEquals(OpenClDeviceInfo.Type.CUSTOM, OpenClDiscovery.typeOf(1 << 4));
    assertEquals(OpenClDeviceInfo.Type.OTHER, OpenClDiscovery.typeOf(1 << 0));
  }

  @Test
  void handlesAreFoundForListedDevicesOnly() {
    OpenClDeviceInfo device = OpenClTestSupport.requireDevice();
    assertSame(device, OpenClDiscovery.get().handlesOf(device).info());
    OpenClDeviceInfo stranger = device.toBuilder().deviceName("imaginary").build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpenClDiscovery.get().handlesOf(stranger));
    assertEquals(
        "OpenCL device \"" + stranger.label() + "\" (index " + stranger.index() + ") is not one this process discovered; "
            + "pass a device from OpenClDevices.list() or OpenClDevices.choose(selector)",
        e.getMessage());
  }
}
