package dev.kgen.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** When the OpenCL backend generates NVIDIA's inline-PTX dialect, and when the portable one. */
class OpenClPtxTargetTest {
  @Test
  void nvidiaGpusOfSm80OrLaterGetPtx() {
    assertEquals(90, OpenClBackend.ptxTarget(90, null));
    assertEquals(80, OpenClBackend.ptxTarget(80, "1"));
  }

  @Test
  void olderGpusOtherVendorsAndTheOptOutKeepThePortableDialect() {
    assertEquals(0, OpenClBackend.ptxTarget(75, null), "no cp.async or bf16 mma before sm_80");
    assertEquals(0, OpenClBackend.ptxTarget(0, null), "not an NVIDIA device (PoCL)");
    assertEquals(0, OpenClBackend.ptxTarget(90, "0"));
    assertEquals(0, OpenClBackend.ptxTarget(90, " 0 "));
  }
}
