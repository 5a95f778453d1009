package dev.kgen.codegen.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.codegen.PagedMatrix;
import dev.kgen.codegen.PagedSpecs;
import dev.kgen.codegen.TestKernels;
import dev.kgen.codegen.Toolchain;
import dev.kgen.ir.DType;
import dev.kgen.ir.passes.ScalarBinding;
import dev.kgen.kernels.paged.PagedAttentionKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Compiles the CUDA of a covering matrix of paged-attention specializations (and the other
 * test kernels) with {@code nvcc -ptx} for sm_90 and sm_80: one nvcc call per architecture over
 * all files, the two in parallel. Skipped where nvcc is absent.
 */
class CudaCompileTest {
  @Test
  void theCoveringMatrixCoversEveryAxisValue() {
    List<PagedSpecs> specs = PagedMatrix.covering();
    Set<String> seen = new TreeSet<>();
    for (PagedSpecs s : specs) {
      seen.add("head=" + s.headSize());
      seen.add("block=" + s.physicalBlock());
      seen.add("gqa=" + s.queriesPerKv());
      seen.add("q=" + s.qType());
      seen.add("kv=" + (s.kvType().isFp8() ? s.kvType() : "q"));
      seen.add("sinks=" + s.sinks());
      seen.add("alibi=" + s.alibi());
      seen.add("window=" + (s.window() > 0));
      seen.add("fp8out=" + s.fp8Out());
      seen.add("filter=" + s.filterByQueryLen());
    }
    assertEquals(new TreeSet<>(List.of("head=64", "head=80", "head=96", "head=128", "head=256", "block=16", "block=32",
        "block=544", "gqa=1", "gqa=4", "gqa=6", "gqa=8", "q=fp16", "q=bf16", "kv=q", "kv=fp8e4m3", "kv=fp8e5m2",
        "sinks=true", "sinks=false", "alibi=true", "alibi=false", "window=true", "window=false", "fp8out=true",
        "fp8out=false", "filter=true", "filter=false")), seen);
  }

  @Test
  void headSize256StaysUnder48KiBOfSharedMemory() {
    for (PagedSpecs s : PagedMatrix.covering()) {
      GeneratedKernel g = CudaEmitter.emit(s.kernel());
      assertTrue(g.sharedBytes() < 48 * 1024, s + " uses " + g.sharedBytes() + " bytes of shared memory");
    }
  }

  @Test
  void theMatrixCompilesWithNvccForSm90AndSm80() throws Exception {
    Path nvcc = Toolchain.nvcc();
    assumeTrue(nvcc != null, "nvcc not found; set KGEN_NVCC to run this test");
    Path dir = Files.createTempDirectory("kgen-nvcc");
    List<String> files = new ArrayList<>();
    List<GeneratedKernel> kernels = new ArrayList<>();
    for (PagedSpecs s : PagedMatrix.covering()) {
      kernels.add(CudaEmitter.emit(s.kernel()));
    }
    kernels.add(CudaEmitter.emit(PagedSpecs.small().kernel(), new CodegenOptions(256, 8)));
    // a split pass that merges its partitions itself (an atomic counter, fences)
    kernels.add(CudaEmitter.emit(PagedSpecs.small().mergingPass(4), new CodegenOptions(128, 8, 2)));
    // 64-token tiles with K and V copied asynchronously: 51200 bytes of dynamic shared memory
    Map<String, Object> wide = new java.util.TreeMap<>(new PagedSpecs(128, 16, 4, DType.F16, DType.F16, false, false, 0,
        false, true).constexprs());
    wide.put("BLOCK_SIZE", 64);
    kernels.add(CudaEmitter.emit(PagedAttentionKernel.DEF.specialize(wide), new CodegenOptions(64, 8)));
    // the same with two copy stages: the next tile's copies start an iteration ahead (CopyPipeline)
    kernels.add(CudaEmitter.emit(PagedAttentionKernel.DEF.specialize(wide), new CodegenOptions(64, 8, 2)));
    // an fp8 cache copied as bytes and converted by the dots, in one and in two stages
    Map<String, Object> fp8 = new java.util.TreeMap<>(new PagedSpecs(128, 16, 4, DType.BF16, DType.FP8E5M2, false, false,
        0, false, true).constexprs());
    fp8.put("BLOCK_SIZE", 64);
    kernels.add(CudaEmitter.emit(PagedAttentionKernel.DEF.specialize(fp8), new CodegenOptions(128, 8)));
    kernels.add(CudaEmitter.emit(PagedAttentionKernel.DEF.specialize(fp8), new CodegenOptions(128, 4, 2)));
    // the caches' strides bound, as launches bind them: copies in memory order (CopyOrder)
    kernels.add(CudaEmitter.emit(new ScalarBinding(PagedSpecs.contiguousStrides(128, 16, 8, DType.F16))
        .apply(PagedAttentionKernel.DEF.specialize(wide)), new CodegenOptions(64, 8)));
    kernels.add(CudaEmitter.emit(new ScalarBinding(PagedSpecs.contiguousStrides(128, 16, 8, DType.FP8E5M2))
        .apply(PagedAttentionKernel.DEF.specialize(fp8)), new CodegenOptions(128, 8)));
    kernels.add(CudaEmitter.emit(TestKernels.ELEMENTWISE.specialize(Map.of("BLOCK", 512))));
    kernels.add(CudaEmitter.emit(TestKernels.LAYOUTS.specialize(Map.of("M", 16, "K", 32, "N", 8)),
        new CodegenOptions(32, 1)));
    kernels.add(CudaEmitter.emit(TestKernels.ROW_SOFTMAX.specialize(Map.of("BLOCK", 1024))));
    for (int i = 0; i < kernels.size(); i++) {
      String f = "k" + i + ".cu";
      Files.writeString(dir.resolve(f), kernels.get(i).source());
      files.add(f);
    }
    List<CompletableFuture<Toolchain.Result>> runs = new ArrayList<>();
    for (String arch : List.of("sm_90", "sm_80")) {
      Path out = Files.createDirectories(dir.resolve(arch));
      List<String> cmd = new ArrayList<>(List.of(nvcc.toString(), "-ptx", "-arch=" + arch, "-Werror", "all-warnings"));
      files.forEach(f -> cmd.add(dir.resolve(f).toString()));
      runs.add(CompletableFuture.supplyAsync(() -> {
        try {
          return Toolchain.run(out, 600, cmd);
        } catch (Exception e) {
          return new Toolchain.Result(-1, e.toString());
        }
      }));
    }
    for (int a = 0; a < runs.size(); a++) {
      Toolchain.Result r = runs.get(a).get();
      assertEquals(0, r.exitCode(), "nvcc failed for " + List.of("sm_90", "sm_80").get(a) + " in " + dir + ":\n" + r.output());
    }
    for (String arch : List.of("sm_90", "sm_80")) {
      for (int i = 0; i < kernels.size(); i++) {
        String ptx = Files.readString(dir.resolve(arch).resolve("k" + i + ".ptx"));
        assertTrue(ptx.contains(".entry " + kernels.get(i).entryName()), "k" + i + ".ptx has no entry " + kernels.get(i).entryName());
      }
    }
  }
}
