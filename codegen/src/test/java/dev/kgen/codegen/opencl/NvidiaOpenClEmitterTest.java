package dev.kgen.codegen.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.codegen.Toolchain;
import dev.kgen.codegen.c.CFamilyEmitter;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.passes.ScalarBinding;
import dev.kgen.kernels.paged.PagedAttentionKernel;
import dev.kgen.kernels.paged.PagedAttentionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenCL C that NVIDIA's OpenCL gets: CUDA's kernel (tensor cores, asynchronous copies,
 * shuffles) through inline PTX, within a work-group's 48 KiB, and accepted by a compiler of
 * OpenCL C to PTX (clang, where installed) both with the PTX and with the portable fallbacks.
 */
class NvidiaOpenClEmitterTest {
  /** The public cases' shapes with the tuner's favourite options, as a launch binds them. */
  static Stream<Arguments> kernels() {
    return Stream.of(
        Arguments.of("bf16_head128_tile64", spec(DType.BF16, DType.BF16, 32, 8, 128, 16, 64, false, 0, false),
            new CodegenOptions(128, 8, 1)),
        Arguments.of("bf16_two_stages_64_threads", spec(DType.BF16, DType.BF16, 32, 8, 128, 16, 64, false, 0, false),
            new CodegenOptions(64, 8, 2)),
        Arguments.of("fp8_e4m3_kv_tile32", spec(DType.BF16, DType.FP8E4M3, 32, 8, 128, 16, 32, false, 0, false),
            new CodegenOptions(128, 8, 1)),
        Arguments.of("fp16_fp8_e5m2_kv", spec(DType.F16, DType.FP8E5M2, 32, 8, 128, 16, 64, false, 0, false),
            new CodegenOptions(128, 8, 1)),
        Arguments.of("head256_block544", spec(DType.BF16, DType.BF16, 16, 2, 256, 544, 16, false, 0, false),
            new CodegenOptions(64, 8, 1)),
        Arguments.of("alibi_mha", spec(DType.BF16, DType.BF16, 8, 8, 128, 16, 32, true, 0, false),
            new CodegenOptions(128, 8, 1)),
        Arguments.of("sinks_window_256_threads", spec(DType.BF16, DType.BF16, 64, 8, 64, 16, 64, false, 128, true),
            new CodegenOptions(256, 8, 1)));
  }

  private static Kernel spec(DType q, DType kv, int qHeads, int kvHeads, int head, int block, int tile, boolean alibi,
      int window, boolean sinks) {
    PagedAttentionSpec s = new PagedAttentionSpec(q, kv, q, qHeads, kvHeads, head, block, 16 / kv.bytes(), alibi, window,
        sinks, true, tile);
    return new ScalarBinding(s.contiguousCacheStrides()).apply(PagedAttentionKernel.DEF.specialize(s.constexprs()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void cudasKernelInOpenClWithinTheWorkGroupsLocalMemory(String name, Kernel k, CodegenOptions options) {
    GeneratedKernel g = NvidiaOpenClEmitter.emit(k, options);
    assertEquals("opencl", g.language());
    assertTrue(g.sharedBytes() <= CFamilyEmitter.STATIC_SHARED_BYTES, name + ": " + g.sharedBytes() + " bytes");
    String src = g.source();
    assertTrue(src.contains("mma.sync.aligned.m16n8k16"), name + ": the products run on tensor cores");
    assertTrue(src.contains("#if " + NvidiaOpenClEmitter.SM_MACRO + " >= 80"), name + ": the PTX is guarded");
    for (String cuda : List.of("template", "make_float2", "__shared__", "fmaf(", "__uint_as_float", "__cvta",
        "__syncthreads", "(const unsigned int*)", "(unsigned short*)", "(float2*)", "(uint4*)", "bool full")) {
      assertFalse(src.contains(cuda), name + ": CUDA's " + cuda + " leaks into OpenCL C");
    }
  }

  @Test
  void kTilesAreCopiedAsynchronouslyAndTwoStagesShrinkToOneWithin48KiB() {
    Kernel k = spec(DType.BF16, DType.BF16, 32, 8, 128, 16, 64, false, 0, false);
    GeneratedKernel one = NvidiaOpenClEmitter.emit(k, new CodegenOptions(128, 8, 1));
    GeneratedKernel two = NvidiaOpenClEmitter.emit(k, new CodegenOptions(128, 8, 2));
    assertTrue(one.source().contains("cp.async.cg.shared.global"), "K and V stream in through cp.async");
    assertTrue(one.source().contains("kgen_copy_wait(1);"), "OpenCL C waits through the macro");
    // two stages of 64-token K and V tiles take 64 KiB: the emitter falls back to the one-stage kernel
    assertEquals(one.source(), two.source());
    // two stages of fp8 tiles fit: they stay
    Kernel fp8 = spec(DType.BF16, DType.FP8E4M3, 32, 8, 128, 16, 64, false, 0, false);
    assertNotEquals(NvidiaOpenClEmitter.emit(fp8, new CodegenOptions(128, 8, 1)).source(),
        NvidiaOpenClEmitter.emit(fp8, new CodegenOptions(128, 8, 2)).source());
  }

  @Test
  void theCapabilityMacroDefaultsToThePortableBranches() {
    String src = NvidiaOpenClEmitter.emit(spec(DType.BF16, DType.BF16, 32, 8, 128, 16, 64, false, 0, false),
        new CodegenOptions(128, 8, 1)).source();
    assertTrue(src.contains("#ifndef KGEN_NV_SM\n#define KGEN_NV_SM 0\n#endif"), src.substring(0, 600));
    assertEquals("-D KGEN_NV_SM=90", NvidiaOpenClEmitter.buildOption(90));
  }

  /** clang compiles OpenCL C to PTX as NVIDIA's compiler does: every kernel, with the PTX (sm_90) and without it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void compilesToPtxWithAndWithoutThePtxBranches(String name, Kernel k, CodegenOptions options, @TempDir Path dir)
      throws Exception {
    Path clang = Toolchain.clang();
    assumeTrue(clang != null, "no clang to compile OpenCL C for nvptx64");
    Path src = dir.resolve(name + ".cl");
    Files.writeString(src, NvidiaOpenClEmitter.emit(k, options).source());
    for (String sm : List.of("90", "0")) {
      Toolchain.Result r = Toolchain.run(dir, 120, List.of(clang.toString(), "-cl-std=CL1.2", "-target", "nvptx64-nvidia-nvcl",
          "-Xclang", "-finclude-default-header", "-D", "KGEN_NV_SM=" + sm, "-O1", "-S", "-o", name + "-" + sm + ".ptx",
          src.toString()));
      assertEquals(0, r.exitCode(), name + " at KGEN_NV_SM=" + sm + ":\n" + r.output());
      assertFalse(r.output().contains("error"), r.output());
      String ptx = Files.readString(dir.resolve(name + "-" + sm + ".ptx"));
      assertEquals(sm.equals("90"), ptx.contains("mma.sync"), name + " at KGEN_NV_SM=" + sm);
      assembleWherePtxasIs(clang, dir, name, sm);
    }
  }

  /**
   * clang copies inline PTX into its output unchecked: where CUDA's ptxas and libdevice are installed, the kernel
   * is compiled again with the OpenCL builtins mapped to NVVM intrinsics and libdevice
   * ({@code nvptx/opencl-builtins.h}), and the PTX is assembled for sm_90, instructions and operands.
   */
  private static void assembleWherePtxasIs(Path clang, Path dir, String name, String sm) throws Exception {
    Path ptxas = Toolchain.ptxas();
    Path libdevice = Toolchain.libdevice();
    if (ptxas == null || libdevice == null) {
      return;
    }
    Path builtins = dir.resolve("opencl-builtins.h");
    try (var in = NvidiaOpenClEmitterTest.class.getResourceAsStream("/nvptx/opencl-builtins.h")) {
      Files.write(builtins, in.readAllBytes());
    }
    String ptx = name + "-" + sm + "-linked.ptx";
    Toolchain.Result compiled = Toolchain.run(dir, 120, List.of(clang.toString(), "-cl-std=CL1.2", "-target",
        "nvptx64-nvidia-nvcl", "-Xclang", "-finclude-default-header", "-include", builtins.toString(), "-Xclang",
        "-mlink-builtin-bitcode", "-Xclang", libdevice.toString(), "-D", "KGEN_NV_SM=" + sm, "-O1", "-S", "-o", ptx,
        name + ".cl"));
    assertEquals(0, compiled.exitCode(), name + " with the builtins mapped:\n" + compiled.output());
    String text = Files.readString(dir.resolve(ptx));
    Files.writeString(dir.resolve(ptx), text.replaceFirst("(?m)^\\.target .*$", ".target sm_90")
        .replaceFirst("(?m)^\\.version .*$", ".version 8.0"));
    Toolchain.Result r = Toolchain.run(dir, 120, List.of(ptxas.toString(), "-arch=sm_90", ptx, "-o", ptx + ".cubin"));
    assertEquals(0, r.exitCode(), name + " at KGEN_NV_SM=" + sm + " does not assemble:\n" + r.output());
  }
}
