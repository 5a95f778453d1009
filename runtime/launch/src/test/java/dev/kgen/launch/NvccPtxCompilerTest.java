package dev.kgen.launch;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The nvcc path that compiles shipped CUDA sources where JCuda's NVRTC cannot load (it ran the
 * launcher examples on an H200 with CUDA 13); here it compiles to PTX without a GPU.
 */
class NvccPtxCompilerTest {
  @Test
  void compilesAShippedSourceToPtx() {
    assumeTrue(NvccPtxCompiler.candidates().stream().anyMatch(Files::isExecutable), "no nvcc here");
    KernelSource k = KernelSource.builder(NvccPtxCompilerTest.class, "nvcc_add").hash(KernelSourceTest.HASH).build();
    String ptx = NvccPtxCompiler.ptx(k, "compute_90");
    assertTrue(ptx.contains(".entry nvcc_add"), ptx);
    assertTrue(ptx.contains(".target sm_90"), ptx);
  }

  @Test
  void aSourceNvccRejectsNamesTheResourceAndShowsTheLog() {
    assumeTrue(NvccPtxCompiler.candidates().stream().anyMatch(Files::isExecutable), "no nvcc here");
    KernelSource k = KernelSource.builder(NvccPtxCompilerTest.class, "nvcc_add").hash(KernelSourceTest.HASH).build();
    LaunchException e = org.junit.jupiter.api.Assertions.assertThrows(LaunchException.class,
        () -> NvccPtxCompiler.ptx(k, "compute_1"));
    assertTrue(e.getMessage().startsWith("nvcc rejected META-INF/kgen/nvcc_add/0123456789abcdef.cu for compute_1; output:"),
        e.getMessage());
  }
}
