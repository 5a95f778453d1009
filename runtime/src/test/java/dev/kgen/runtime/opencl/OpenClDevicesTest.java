package dev.kgen.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discovery and selection on the devices of this machine (PoCL in CI). */
class OpenClDevicesTest {
  private OpenClDeviceInfo device;

  @BeforeEach
  void requireDevice() {
    device = OpenClTestSupport.requireDevice();
  }

  @Test
  void listDescribesEveryDevice() {
    List<OpenClDeviceInfo> devices = OpenClDevices.list();
    assertFalse(devices.isEmpty());
    assertTrue(OpenClDevices.unavailableReason().isEmpty());
    for (int i = 0; i < devices.size(); i++) {
      OpenClDeviceInfo d = devices.get(i);
      assertEquals(i, d.index());
      assertFalse(d.platformName().isBlank(), d.summary());
      assertFalse(d.deviceName().isBlank(), d.summary());
      assertTrue(d.version().startsWith("OpenCL "), d.version());
      assertTrue(d.computeUnits() > 0, d.summary());
      assertTrue(d.globalMemBytes() > 0, d.summary());
      assertTrue(d.maxAllocBytes() > 0, d.summary());
      assertTrue(d.maxWorkGroupSize() > 0, d.summary());
      assertEquals(d.extensions().contains("cl_khr_fp16"), d.hasFp16());
    }
  }

  @Test
  void listIsStable() {
    assertEquals(OpenClDevices.list(), OpenClDevices.list());
  }

  @Test
  void chooseByIndex() {
    assertEquals(device, OpenClDevices.choose(Integer.toString(device.index())));
  }

  @Test
  void chooseByNameSubstringIgnoringCase() {
    String part = device.deviceName().substring(0, Math.min(6, device.deviceName().length())).toUpperCase(Locale.ROOT);
    OpenClDeviceInfo chosen = OpenClDevices.choose(part);
    assertTrue(chosen.label().toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT)), chosen.summary());
    assertEquals(device, OpenClDevices.choose(device.label()));
  }

  @Test
  void badSelectorListsTheAvailableDevices() {
    OpenClDeviceNotFoundException e =
        assertThrows(OpenClDeviceNotFoundException.class, () -> OpenClDevices.choose("no such device zzz"));
    assertTrue(e.getMessage().startsWith("no OpenCL device matches \"no such device zzz\";"), e.getMessage());
    assertTrue(e.getMessage().contains(device.summary()), e.getMessage());
  }

  @Test
  void outOfRangeIndexIsAUserError() {
    assertThrows(OpenClDeviceNotFoundException.class, () -> OpenClDevices.choose(Integer.toString(OpenClDevices.list().size())));
  }
}
