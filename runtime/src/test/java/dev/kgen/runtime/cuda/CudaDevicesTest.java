package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CudaDevicesTest {
  @Test
  void discoveryNeverThrowsAndExplainsAnEmptyList() {
    List<CudaDeviceInfo> devices = CudaDevices.list();
    assertEquals(devices.isEmpty(), CudaDevices.unavailableReason().isPresent());
    assertEquals(!devices.isEmpty(), CudaDevices.available());
    assertEquals(devices, CudaDevices.list());
  }

  @Test
  void badOrdinalSaysWhy() {
    var e = assertThrows(IllegalArgumentException.class, () -> CudaDevices.get(99));
    if (CudaDevices.available()) {
      assertTrue(e.getMessage().startsWith("CUDA device 99 does not exist: expected an ordinal"),
          e.getMessage());
    } else {
      assertTrue(e.getMessage().startsWith(
          "CUDA device 99 requested but no CUDA device is usable: "), e.getMessage());
    }
  }

  @Test
  void realDeviceHasPlausibleLimits() {
    CudaDeviceInfo d = TestDevices.requireGpu();
    assertEquals(0, d.index());
    assertTrue(!d.name().isBlank());
    assertTrue(d.computeMajor() >= 5, d.summary());
    assertTrue(d.multiprocessorCount() > 0, d.summary());
    assertTrue(d.totalMemoryBytes() > (1L << 30), d.summary());
    assertEquals(1024, d.maxThreadsPerBlock());
    assertEquals(48 * 1024, d.maxSharedMemoryPerBlock());
    assertTrue(d.maxSharedMemoryPerBlockOptin() >= d.maxSharedMemoryPerBlock(), d.summary());
    assertTrue(d.l2CacheBytes() > 0, d.summary());
    assertEquals(32, d.warpSize());
    assertTrue(d.driverVersion() >= 12000, d.summary());
  }
}
