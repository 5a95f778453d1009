package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CudaTargetTest {
  @Test
  void factoriesAndDerivedNames() {
    CudaTarget t = CudaTarget.ptx("sm_90a");
    assertEquals(CudaOutputKind.PTX, t.kind());
    assertEquals("90", t.archNumber());
    assertEquals("compute_90a", t.virtualArch());
    assertEquals(CudaOutputKind.CUBIN, CudaTarget.cubin("sm_80").kind());
    assertEquals("sm_90", CudaTarget.forDevice(TestDevices.h100(), CudaOutputKind.PTX).arch());
    assertEquals("100", CudaTarget.ptx("sm_100").archNumber());
  }

  @Test
  void rejectsVirtualOrMalformedArchWithTheFix() {
    var e = assertThrows(IllegalArgumentException.class, () -> CudaTarget.ptx("compute_90"));
    assertEquals("CUDA target arch 'compute_90': expected a real architecture like sm_80, sm_90"
        + " or sm_90a (use CudaDeviceInfo.arch() for the current device)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CudaTarget.ptx("90"));
  }

  @Test
  void optionsAreCopiedAndAppended() {
    List<String> options = new ArrayList<>(List.of("-lineinfo"));
    CudaTarget t = new CudaTarget("sm_80", CudaOutputKind.PTX, options);
    options.add("-G");
    assertEquals(List.of("-lineinfo"), t.options());
    assertThrows(UnsupportedOperationException.class, () -> t.options().add("x"));
    assertEquals(List.of("-lineinfo", "--use_fast_math"),
        t.withOptions("--use_fast_math").options());
    var e = assertThrows(IllegalArgumentException.class, () -> t.withOptions(" "));
    assertTrue(e.getMessage().contains("an option is blank"), e.getMessage());
  }
}
