package dev.kgen.codegen.c;

import dev.kgen.codegen.c.CopiedTiles.Extra;
import static dev.kgen.codegen.c.CopiedTiles.count;
import static dev.kgen.codegen.c.CopiedTiles.paged;
import static dev.kgen.codegen.c.CopiedTiles.pagedBound;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.codegen.opencl.OpenClEmitter;
import dev.kgen.ir.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which tiles go to shared memory by asynchronous copies, how the dots wait for them, and what
 * the kernel then declares. (The copies' results are checked on a GPU by the CUDA suite.)
 */
class AsyncOperandCopiesTest {
  @Test
  void kAndVAreCopiedAndEachDotWaitsOnlyForItsOwnOperand() {
    String src = CudaEmitter.emit(paged(128, 32, DType.BF16), new CodegenOptions(128, 8)).source();
    assertEquals(4, count(src, "kgen_copy_async16(kgen_dst, "),
        "one 16-byte copy per run, for K and for V, ahead of the loop and refilled in it");
    assertEquals(4, count(src, "      kgen_copy_commit();\n"), "one group per tile and start");
    assertEquals(2, count(src, "kgen_copy_wait<1>();"),
        "QK lets V's copies run on, PV the next K's (CopyPipelineTest)");
    assertFalse(src.contains("kgen_copy_wait<0>();"));
    assertTrue(src.contains("stride_k_cache_4 == 1") && src.contains("stride_v_cache_3 == 1"),
        "both tiles' runs are proven consecutive up to the stride: one offset per run");
    assertFalse(src.contains("*(const uint4*)(key_cache_ptr") || src.contains("*(const uint4*)(value_cache_ptr"),
        "no K or V element reaches a register");
  }

  @Test
  void withBoundStridesConsecutiveThreadsCopyNeighbouringBytes() {
    // K [head/8][token][8]: thread after thread down the tokens of one chunk; V [head][token]:
    // the two runs of a block's row, row after row, block after block
    String src = CudaEmitter.emit(pagedBound(128, 32, DType.BF16), new CodegenOptions(64, 8)).source();
    assertTrue(src.contains("const int kgen_row = kgen_q % 32, kgen_col = kgen_q / 32 * 8;"), src);
    assertTrue(src.contains("const int kgen_row = kgen_q / 2 % 128, kgen_col = (kgen_q / 256 * 2 + kgen_q % 2) * 8;"), src);
    assertEquals(4, count(src, "kgen_copy_async16(kgen_dst, "));
    assertFalse(src.contains("k_offset[") || src.contains("v_offset["), "the layout's offsets are never computed");
    // fp8: runs of 8 bytes, two to a 16-byte chunk of K and to a block's row of V
    String fp8 = CudaEmitter.emit(pagedBound(128, 64, DType.FP8E4M3), new CodegenOptions(128, 8)).source();
    assertTrue(fp8.contains("const int kgen_row = kgen_q / 2 % 64, kgen_col = (kgen_q / 128 * 2 + kgen_q % 2) * 8;"), fp8);
    assertTrue(fp8.contains("const int kgen_row = kgen_q / 2 % 128, kgen_col = (kgen_q / 256 * 2 + kgen_q % 2) * 8;"), fp8);
    // generic strides keep the layout's order
    assertFalse(CudaEmitter.emit(paged(128, 32, DType.BF16), new CodegenOptions(64, 8)).source().contains("kgen_row"));
  }

  @Test
  void runsOfFourAndTwoUseSmallerCopiesAndSingleElementsAreStored() {
    assertTrue(CudaEmitter.emit(paged(128, 32, DType.BF16), new CodegenOptions(128, 4)).source()
        .contains("kgen_copy_async8(kgen_dst, key_cache_ptr"));
    assertTrue(CudaEmitter.emit(paged(128, 32, DType.BF16), new CodegenOptions(128, 2)).source()
        .contains("kgen_copy_async4(kgen_dst, key_cache_ptr"));
    String one = CudaEmitter.emit(paged(128, 32, DType.BF16), new CodegenOptions(128, 1)).source();
    assertFalse(one.contains("kgen_copy_async"));
    assertTrue(one.contains("kgen_copy_commit();") && one.contains("kgen_copy_wait<1>();"),
        "elements are stored into the same buffers by the threads themselves");
  }

  @Test
  void fp8TilesAreCopiedAsBytesAndConvertedByTheirDotAndOpenClStagesAsBefore() {
    for (DType fp8 : List.of(DType.FP8E4M3, DType.FP8E5M2)) {
      String src = CudaEmitter.emit(paged(128, 32, fp8), new CodegenOptions(128, 8)).source();
      assertEquals(4, count(src, "kgen_copy_async8(kgen_dst, "), "runs of 8 bytes, K and V, ahead and refilled");
      String decode = fp8 == DType.FP8E4M3 ? "kgen_fp8e4m3_to_float" : "kgen_fp8e5m2_to_float";
      String product = fp8 == DType.FP8E4M3 ? "kgen_mma_bf16_e4m3" : "kgen_mma_bf16_e5m2";
      // each product converts its B fragments exactly (decoded, no scale, no rounding) and
      // multiplies its fp32 result by the scale
      assertEquals(2, count(src, "__float_as_uint(" + decode + "("), "the two bytes of a fragment register");
      assertTrue(src.contains("const float b_0 = " + decode + "(bt["), "and the FMA path's elements");
      assertFalse(src.contains("kgen_round_bf16(__fmul_rn(" + decode), "the operand is not scaled and rounded");
      assertEquals(2, count(src, product + "_pair(*(const unsigned short*)"), "b0 and b1");
      assertTrue(src.contains("make_float2(__fmul_rn(acc[j][0], scale), __fmul_rn(acc[j][1], scale))"), "C times the scale");
      assertEquals(1, count(src, ", k_scale_value);"));
      assertEquals(1, count(src, ", v_scale_value);"));
      assertFalse(src.contains(decode + "(key_cache_ptr") || src.contains(decode + "(value_cache_ptr"),
          "no K or V element is decoded in registers");
      assertEquals(2, count(src, "kgen_copy_wait<1>();"));
    }
    // runs of 2 bytes are below the smallest copy: the threads store the bytes themselves
    String pairs = CudaEmitter.emit(paged(128, 32, DType.FP8E4M3), new CodegenOptions(128, 2)).source();
    assertFalse(pairs.contains("kgen_copy_async"));
    assertTrue(pairs.contains("kgen_copy_commit();") && pairs.contains("kgen_mma_bf16_e4m3(kgen_as"));
    String cl = OpenClEmitter.emit(paged(128, 32, DType.BF16), new CodegenOptions(128, 8)).source();
    assertFalse(cl.contains("kgen_copy"));
  }

  @Test
  void beyond48KiBTheSharedMemoryIsDynamic() {
    GeneratedKernel g = CudaEmitter.emit(paged(128, 64, DType.BF16), new CodegenOptions(64, 8));
    int expected = 16 * 136 * 2 + 64 * 136 * 2 + 128 * 72 * 2 + 16 * 72 * 2 + 16 * 136 * 4; // Q, K, V, P, PV result
    assertEquals(expected, g.sharedBytes());
    assertTrue(g.dynamicShared());
    assertEquals(expected, g.launchSharedBytes());
    assertTrue(g.source().contains("extern __shared__ __align__(16) unsigned char kgen_smem[];"));
    assertTrue(g.source().contains(expected + " bytes of dynamic shared memory"));
  }

  @Test
  void aTileWithAnotherUseStaysInRegisters() {
    assertTrue(CudaEmitter.emit(CopiedTiles.loopDot(1, Extra.NONE), new CodegenOptions(128, 8)).source()
        .contains("kgen_copy_async16("));
    // x feeds the dot through trans and is summed too: it must be in registers for the sum
    assertFalse(CudaEmitter.emit(CopiedTiles.loopDot(1, Extra.SUM), new CodegenOptions(128, 8)).source()
        .contains("kgen_copy"));
  }
}
