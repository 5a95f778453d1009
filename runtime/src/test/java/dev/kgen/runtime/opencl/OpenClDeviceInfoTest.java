package dev.kgen.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenClDeviceInfoTest {
  static OpenClDeviceInfo sample() {
    return OpenClDeviceInfo.builder()
        .index(2)
        .platformIndex(1)
        .platformName("NVIDIA CUDA")
        .platformVersion("OpenCL 3.0 CUDA 12.4")
        .deviceIndex(0)
        .deviceName("NVIDIA H100")
        .vendor("NVIDIA Corporation")
        .version("OpenCL 3.0 CUDA")
        .openClCVersion("OpenCL C 1.2")
        .driverVersion("550.54")
        .type(OpenClDeviceInfo.Type.GPU)
        .computeUnits(132)
        .globalMemBytes(80L << 30)
        .localMemBytes(48 << 10)
        .maxAllocBytes(20L << 30)
        .maxWorkGroupSize(1024)
        .extensions("cl_khr_fp64  cl_khr_fp16 cl_khr_subgroups ")
        .build();
  }

  @Test
  void labelJoinsPlatformAndDevice() {
    assertEquals("NVIDIA CUDA / NVIDIA H100", sample().label());
  }

  @Test
  void summaryShowsIndexTypeVersionAndMemory() {
    assertEquals("2: NVIDIA CUDA / NVIDIA H100 (GPU, OpenCL 3.0 CUDA, driver 550.54, 132 CUs, 80.0 GiB)", sample().summary());
  }

  @Test
  void summaryNamesTheComputeCapabilityOfNvidiaDevices() {
    OpenClDeviceInfo d = sample().toBuilder().nvidiaComputeCapability(90).build();
    assertEquals("2: NVIDIA CUDA / NVIDIA H100 (GPU, OpenCL 3.0 CUDA, driver 550.54, 132 CUs, 80.0 GiB, sm_90)", d.summary());
    assertEquals(90, d.toBuilder().build().nvidiaComputeCapability());
    assertThrows(IllegalArgumentException.class, () -> sample().toBuilder().nvidiaComputeCapability(-1).build());
  }

  @Test
  void extensionsAreSplitOnWhitespace() {
    OpenClDeviceInfo d = sample();
    assertEquals(Set.of("cl_khr_fp64", "cl_khr_fp16", "cl_khr_subgroups"), d.extensionSet());
    assertTrue(d.hasFp16());
    assertTrue(d.hasSubgroups());
    assertFalse(d.hasExtension("cl_khr_fp1"));
  }

  @Test
  void noExtensionsMeansNoFp16AndNoSubgroups() {
    OpenClDeviceInfo d = sample().toBuilder().extensions("").build();
    assertEquals(Set.of(), d.extensionSet());
    assertFalse(d.hasFp16());
    assertFalse(d.hasSubgroups());
  }

  @Test
  void intelSubgroupsCount() {
    assertTrue(sample().toBuilder().extensions("cl_intel_subgroups").build().hasSubgroups());
  }

  @Test
  void versionNumberParsesMajorMinor() {
    assertEquals(30, sample().versionNumber());
    assertEquals(12, sample().toBuilder().version("OpenCL 1.2 pocl").build().versionNumber());
    assertEquals(10, sample().toBuilder().version("garbage").build().versionNumber());
  }

  @Test
  void toBuilderRoundTrips() {
    assertEquals(sample(), sample().toBuilder().build());
  }

  @Test
  void negativeSizesAreRejectedByName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> sample().toBuilder().computeUnits(-1).build());
    assertEquals("computeUnits is -1; it must be zero or positive", e.getMessage());
  }
}
