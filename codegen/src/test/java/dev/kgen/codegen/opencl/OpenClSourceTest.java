package dev.kgen.codegen.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.codegen.PagedMatrix;
import dev.kgen.codegen.PagedSpecs;
import dev.kgen.codegen.PoclRunner;
import dev.kgen.ir.DType;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Structural properties of the OpenCL output (OpenCL C 1.2, no cl_khr_fp16, no CUDA spellings),
 * and a build of the covering paged-attention matrix on the host OpenCL platform when one exists.
 */
class OpenClSourceTest {
  private static final List<String> CUDA_ONLY = List.of("__global__", "__device__", "__shared__", "__syncthreads",
      "threadIdx", "blockIdx", "gridDim", "__restrict__", "long long", "__uint_as_float", "__float_as_uint",
      "extern \"C\"", "#include");

  @Test
  void sourcesAreOpenClC12WithoutCudaSpellingsOrFp16Arithmetic() {
    for (PagedSpecs s : PagedMatrix.covering()) {
      GeneratedKernel g = OpenClEmitter.emit(s.kernel());
      String src = g.source();
      assertEquals("opencl", g.language());
      assertTrue(src.contains("__kernel __attribute__((reqd_work_group_size(128, 1, 1))) void paged_attention_decode("), s::toString);
      assertTrue(src.contains("#pragma OPENCL FP_CONTRACT OFF"), s::toString);
      assertFalse(src.contains("cl_khr_fp16"), s::toString);
      for (String token : CUDA_ONLY) {
        assertFalse(src.contains(token), () -> s + " contains the CUDA spelling " + token);
      }
      // half appears only as a pointee type, reached through vload_half / vstore_half_rte
      Matcher m = Pattern.compile("\\bhalf\\b(?!\\*)").matcher(src.replaceAll("//[^\n]*", ""));
      assertFalse(m.find(), () -> s + " uses half as a value type");
      boolean fp16Memory = s.qType() == DType.F16 || s.kvType() == DType.F16;
      assertEquals(fp16Memory, src.contains("vload_half("), s::toString);
      assertFalse(src.contains("kgen_fp16_to_float"), "fp16 is decoded by vload_half, not a helper");
      for (DType fp8 : List.of(DType.FP8E4M3, DType.FP8E5M2)) {
        assertEquals(s.kvType() == fp8, src.contains("kgen_" + fp8.irName() + "_to_float("), s::toString);
      }
      assertEquals(count(src, '{'), count(src, '}'), s::toString);
      assertFalse(src.contains("#pragma unroll"), "PoCL miscompiles some unrolled kernels with early returns");
      assertTrue(src.contains("barrier(CLK_LOCAL_MEM_FENCE);"));
      assertTrue(src.contains("__local uchar kgen_smem[" + g.sharedBytes() + "] __attribute__((aligned(16)));"));
    }
  }

  @Test
  void fp16OutputIsWrittenWithVstoreHalfRte() {
    PagedSpecs s = new PagedSpecs(64, 16, 4, DType.F16, DType.F16, false, false, 0, false, false);
    String src = OpenClEmitter.emit(s.kernel()).source();
    assertTrue(src.contains("vstore_half_rte("));
    assertTrue(src.contains("__global half* output_ptr"));
    assertTrue(src.contains("__global const half* restrict query_ptr"));
  }

  @Test
  void theMatrixBuildsOnTheHostOpenClPlatform() throws Exception {
    String why = PoclRunner.unavailableReason();
    assumeTrue(why == null, () -> "no OpenCL platform: " + why);
    for (PagedSpecs s : PagedMatrix.covering()) {
      assertNull(PoclRunner.build(OpenClEmitter.emit(s.kernel()).source()), s::toString);
    }
    assertNull(PoclRunner.build(OpenClEmitter.emit(PagedSpecs.small().kernel(), new CodegenOptions(1024, 8)).source()));
  }

  private static long count(String s, char c) {
    return s.chars().filter(x -> x == c).count();
  }
}
