package dev.kgen.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DevicesTest {
  @Test
  void unknownNamesListTheKnownOnes() {
    assertEquals("unknown device 'metal'; expected auto, cuda, cuda:N, opencl or opencl:SELECTOR",
        assertThrows(IllegalArgumentException.class, () -> Devices.open("metal")).getMessage());
    assertEquals("device 'cuda:x': expected cuda:N with N a device number, e.g. cuda:0",
        assertThrows(IllegalArgumentException.class, () -> Devices.open("cuda:x")).getMessage());
  }

  @Test
  void withoutAGpuCudaSaysWhyInsteadOfCrashing() {
    if (!Devices.cudaAvailable()) {
      LaunchException e = assertThrows(LaunchException.class, () -> Devices.open("cuda"));
      assertTrue(e.getMessage().startsWith("JCuda could not load the CUDA driver (")
          || e.getMessage().startsWith("cuInit failed with ")
          || e.getMessage().startsWith("CUDA device 0 does not exist"), e.getMessage());
    }
  }

  @Test
  void anUnmatchedOpenClSelectorListsTheDevices() {
    if (Devices.openClAvailable()) {
      LaunchException e = assertThrows(LaunchException.class, () -> Devices.open("opencl:no such device"));
      assertEquals("no OpenCL device matches 'no such device'; expected an index or part of one of: ",
          e.getMessage().substring(0, e.getMessage().indexOf(": ", 60) + 2));
    }
  }
}
