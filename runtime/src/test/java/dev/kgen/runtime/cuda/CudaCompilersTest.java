package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CudaCompilersTest {
  @TempDir Path tmp;

  @Test
  void neitherCompilerExplainsTheFix() {
    Map<String, String> env = Map.of("PATH", tmp.toString());
    if (NvccLocator.find(env).isPresent()) {
      return; // /usr/local/cuda/bin/nvcc exists here, so the error cannot happen
    }
    var e = assertThrows(CudaToolkitNotFoundException.class,
        () -> CudaCompilers.nvccOrExplain(env, "libnvrtc.so.12 missing"));
    assertEquals("no CUDA compiler found: NVRTC did not load (libnvrtc.so.12 missing) and nvcc"
        + " is not in $KGEN_NVCC, $PATH, $CUDA_HOME/bin or /usr/local/cuda/bin (looked at: "
        + tmp.resolve("nvcc") + ", /usr/local/cuda/bin/nvcc); install the CUDA toolkit and set"
        + " KGEN_NVCC=/path/to/nvcc or CUDA_HOME=/path/to/cuda", e.getMessage());
  }

  @Test
  void bestIsNvrtcWhenItLoadsElseNvcc() {
    if (!NvrtcCompiler.isAvailable()) {
      TestDevices.requireNvcc();
    }
    CudaCompiler best = CudaCompilers.best();
    assertEquals(NvrtcCompiler.isAvailable() ? "nvrtc" : "nvcc", best.id());
    CachingCudaCompiler cached = CudaCompilers.cached(tmp);
    assertEquals(best.id(), cached.id());
    assertEquals(tmp, cached.directory());
    assertTrue(cached.compile(CudaSmokeMain.VECTOR_ADD, "vadd", CudaTarget.ptx("sm_90"))
        .ptx().contains(".entry vadd"));
  }
}
