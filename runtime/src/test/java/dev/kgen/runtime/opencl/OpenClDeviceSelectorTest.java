package dev.kgen.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpenClDeviceSelectorTest {
  private static final OpenClDeviceInfo CPU =
      OpenClDeviceInfoTest.sample().toBuilder()
          .index(0).platformName("Portable Computing Language").deviceName("pthread-cpu")
          .type(OpenClDeviceInfo.Type.CPU).build();
  private static final OpenClDeviceInfo GPU0 = OpenClDeviceInfoTest.sample().toBuilder().index(1).build();
  private static final OpenClDeviceInfo GPU1 =
      OpenClDeviceInfoTest.sample().toBuilder().index(2).deviceIndex(1).deviceName("NVIDIA L4").build();
  private static final List<OpenClDeviceInfo> ALL = List.of(CPU, GPU0, GPU1);

  @Test
  void defaultIsTheFirstGpu() {
    assertSame(GPU0, OpenClDeviceSelector.select(ALL, null, null, ""));
    assertSame(GPU0, OpenClDeviceSelector.select(ALL, "  ", "", ""));
  }

  @Test
  void defaultWithoutGpuIsTheFirstDevice() {
    assertSame(CPU, OpenClDeviceSelector.select(List.of(CPU), null, null, ""));
  }

  @Test
  void environmentIsUsedWhenNoSelectorIsGiven() {
    assertSame(GPU1, OpenClDeviceSelector.select(ALL, null, "l4", ""));
  }

  @Test
  void explicitSelectorWinsOverEnvironment() {
    assertSame(CPU, OpenClDeviceSelector.select(ALL, "0", "l4", ""));
  }

  @Test
  void digitsSelectByIndex() {
    assertSame(GPU1, OpenClDeviceSelector.select(ALL, " 2 ", null, ""));
  }

  @Test
  void nameSubstringIsCaseInsensitiveAndFirstMatchWins() {
    assertSame(CPU, OpenClDeviceSelector.select(ALL, "PORTABLE", null, ""));
    assertSame(GPU0, OpenClDeviceSelector.select(ALL, "nvidia", null, ""));
    assertSame(GPU0, OpenClDeviceSelector.select(ALL, "cuda / nvidia h100", null, ""));
  }

  @Test
  void unmatchedNameListsTheDevices() {
    OpenClDeviceNotFoundException e =
        assertThrows(OpenClDeviceNotFoundException.class, () -> OpenClDeviceSelector.select(ALL, "radeon", null, ""));
    assertEquals(
        "no OpenCL device matches \"radeon\"; pass an index or a case-insensitive part of \"platform / device\"; available devices:\n"
            + "  " + CPU.summary() + "\n  " + GPU0.summary() + "\n  " + GPU1.summary(),
        e.getMessage());
    assertEquals("radeon", e.selector());
    assertEquals(ALL, e.available());
  }

  @Test
  void unmatchedEnvironmentSelectorSaysWhereItCameFrom() {
    OpenClDeviceNotFoundException e =
        assertThrows(OpenClDeviceNotFoundException.class, () -> OpenClDeviceSelector.select(ALL, null, "radeon", ""));
    assertTrue(e.getMessage().startsWith("no OpenCL device matches \"radeon\" (from $KGEN_OPENCL_DEVICE);"), e.getMessage());
  }

  @Test
  void indexOutOfRangeNamesTheRange() {
    OpenClDeviceNotFoundException e =
        assertThrows(OpenClDeviceNotFoundException.class, () -> OpenClDeviceSelector.select(ALL, "3", null, ""));
    assertTrue(
        e.getMessage().startsWith(
            "OpenCL device index 3 is out of range; there are 3 devices, pass an index from 0 to 2 or part of a name; available devices:\n"),
        e.getMessage());
    assertThrows(OpenClDeviceNotFoundException.class, () -> OpenClDeviceSelector.select(ALL, "99999999999999", null, ""));
  }

  @Test
  void noDevicesGivesTheReason() {
    OpenClException e =
        assertThrows(OpenClException.class, () -> OpenClDeviceSelector.select(List.of(), null, null, "no platform"));
    assertEquals("no OpenCL device is available: no platform", e.getMessage());
  }

  @Test
  void badSelectorIsAnIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> OpenClDeviceSelector.select(ALL, "x", null, ""));
  }
}
