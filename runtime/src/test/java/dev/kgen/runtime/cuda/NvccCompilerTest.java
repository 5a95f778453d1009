package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NvccCompilerTest {
  @Test
  void parsesTheVersionLine() {
    String out = """
        nvcc: NVIDIA (R) Cuda compiler driver
        Copyright (c) 2005-2025 NVIDIA Corporation
        Built on Wed_Aug_20_01:58:59_PM_PDT_2025
        Cuda compilation tools, release 13.0, V13.0.88
        Build cuda_13.0.r13.0/compiler.36424714_0
        """;
    assertEquals(Optional.of("13.0.88"), NvccCompiler.parseVersion(out));
    assertEquals(Optional.empty(), NvccCompiler.parseVersion("gcc (Debian) 12.2.0"));
  }

  @Test
  void commandLines() {
    NvccCompiler nvcc = new NvccCompiler(Path.of("/opt/cuda/bin/nvcc"));
    assertEquals(
        List.of("/opt/cuda/bin/nvcc", "-std=c++17", "-O3", "--ptx", "-arch=sm_80",
            "-lineinfo", "-o", "k.ptx", "k.cu"),
        nvcc.command(CudaTarget.ptx("sm_80").withOptions("-lineinfo"), "k.cu", "k.ptx"));
    assertEquals(
        List.of("/opt/cuda/bin/nvcc", "-std=c++17", "-O3", "--cubin", "-arch=sm_90",
            "-Xptxas", "-v", "-o", "k.cubin", "k.cu"),
        nvcc.command(CudaTarget.cubin("sm_90"), "k.cu", "k.cubin"));
  }

  @Test
  void compilesPtxForAmpereAndHopper() {
    NvccCompiler nvcc = TestDevices.requireNvcc();
    for (String arch : List.of("sm_80", "sm_90")) {
      CompiledCuda c = nvcc.compile(CudaSmokeMain.VECTOR_ADD, "vadd", CudaTarget.ptx(arch));
      String ptx = c.ptx();
      assertTrue(ptx.contains(".entry vadd"), ptx);
      assertTrue(ptx.contains(".target " + arch), ptx);
      assertEquals("nvcc", c.compilerId());
      assertEquals(nvcc.version(), c.compilerVersion());
      assertFalse(c.fromCache());
    }
  }

  @Test
  void cubinLogHasThePtxasReport() {
    NvccCompiler nvcc = TestDevices.requireNvcc();
    CompiledCuda c = nvcc.compile(CudaSmokeMain.VECTOR_ADD, "vadd", CudaTarget.cubin("sm_90"));
    byte[] b = c.bytes();
    assertEquals(0x7f, b[0]);
    assertEquals("ELF", new String(b, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    assertTrue(c.log().contains("ptxas info") && c.log().contains("registers"), c.log());
  }

  @Test
  void syntaxErrorCarriesNvccOutput() {
    NvccCompiler nvcc = TestDevices.requireNvcc();
    String broken = "extern \"C\" __global__ void bad(float* x) { x[0] = 1.0f }\n";
    var e = assertThrows(CudaCompileException.class,
        () -> nvcc.compile(broken, "bad", CudaTarget.ptx("sm_90")));
    assertTrue(e.getMessage().startsWith(
        "nvcc failed with exit code 1 compiling kernel 'bad' for sm_90 PTX (command: "),
        e.getMessage());
    assertTrue(e.getMessage().contains("kernel.cu(1): error"), e.getMessage());
    assertTrue(e.getMessage().contains("expected a \";\""), e.getMessage());
    assertTrue(e.log().contains("error"), e.log());
  }

  @Test
  void versionLooksLikeARelease() {
    NvccCompiler nvcc = TestDevices.requireNvcc();
    assertTrue(nvcc.version().matches("\\d+\\.\\d+\\.\\d+"), nvcc.version());
  }

  @Test
  void missingExecutableIsACompileErrorNamingIt() {
    NvccCompiler nvcc = new NvccCompiler(Path.of("/nonexistent/nvcc"));
    var e = assertThrows(CudaCompileException.class,
        () -> nvcc.compile(CudaSmokeMain.VECTOR_ADD, "vadd", CudaTarget.ptx("sm_90")));
    assertTrue(e.getMessage().startsWith("cannot run /nonexistent/nvcc"), e.getMessage());
  }
}
