package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NvrtcCompilerTest {
  @Test
  void probingNeverThrowsAndExplainsAbsence() {
    boolean available = NvrtcCompiler.isAvailable();
    assertEquals(!available, NvrtcCompiler.unavailableReason().isPresent());
    if (!available) {
      var e = assertThrows(CudaToolkitNotFoundException.class, NvrtcCompiler::create);
      assertTrue(e.getMessage().startsWith("NVRTC is not usable: "), e.getMessage());
      assertTrue(e.getMessage().endsWith("use NvccCompiler instead (CudaCompilers.best() does so)"));
      assertEquals(false, NvrtcCompiler.isAvailable()); // the second probe is remembered
    }
  }

  @Test
  void optionsUseTheVirtualArchForPtx() {
    assertEquals(List.of("--gpu-architecture=compute_90", "--std=c++17", "-lineinfo"),
        NvrtcCompiler.options(CudaTarget.ptx("sm_90").withOptions("-lineinfo")));
    assertEquals(List.of("--gpu-architecture=sm_80", "--std=c++17"),
        NvrtcCompiler.options(CudaTarget.cubin("sm_80")));
  }

  @Test
  void compilesWhenAvailable() {
    assumeTrue(NvrtcCompiler.isAvailable(), () -> NvrtcCompiler.unavailableReason().orElse(""));
    NvrtcCompiler nvrtc = NvrtcCompiler.create();
    CompiledCuda c = nvrtc.compile(CudaSmokeMain.VECTOR_ADD, "vadd", CudaTarget.ptx("sm_80"));
    assertTrue(c.ptx().contains(".entry vadd"), c.ptx());
    var e = assertThrows(CudaCompileException.class,
        () -> nvrtc.compile("__global__ void bad() { int x = }", "bad", CudaTarget.ptx("sm_80")));
    assertNotEquals("", e.log());
  }
}
