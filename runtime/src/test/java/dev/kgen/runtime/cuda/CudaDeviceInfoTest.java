package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CudaDeviceInfoTest {
  @Test
  void derivedNames() {
    CudaDeviceInfo d = TestDevices.h100();
    assertEquals("sm_90", d.arch());
    assertEquals("9.0", d.computeCapability());
    assertEquals("13.0", d.driverVersionString());
    assertEquals(3.352e12, d.peakMemoryBandwidthBytesPerSecond(), 1e9);
    assertEquals("#0 Test H100 sm_90, 132 SMs, 80.0 GiB, L2 50.0 MiB, smem/block 48 KiB"
        + " (opt-in 227 KiB), driver 13.0", d.summary());
  }

  @Test
  void rejectsImpossibleValues() {
    var e = assertThrows(IllegalArgumentException.class, () -> new CudaDeviceInfo(
        0, "x", 0, 0, 1, 1, 1, 1, 1, 1, 1, 32, 1, 13000, 0, 0));
    assertEquals("device 0 compute capability 0.0: expected a major version >= 1 and a minor"
        + " version >= 0", e.getMessage());
  }
}
