package dev.kgen.codegen.c;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.PagedSpecs;
import dev.kgen.codegen.TestKernels;
import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.ir.DType;
import dev.kgen.ir.passes.ScalarBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@link RunSteps} proves shows in the emitted checks: a run that stays within one
 * {@code x} group of a split index is consecutive exactly when the stride argument is 1, and
 * only its first offset is read; a run that crosses groups keeps the compare per element; with
 * the strides bound to constants, nothing is left to test. The
 * results of both paths are checked against the interpreter on PoCL ({@code OpenClExecutionTest}).
 */
class RunStepsTest {
  private static String cuda(int x, int vector) {
    return CudaEmitter.emit(TestKernels.SPLIT_GATHER.specialize(Map.of("ROWS", 16, "COLS", 64, "X", x, "DT", DType.BF16)),
        new CodegenOptions(64, vector)).source();
  }

  @Test
  void aRunWithinOneGroupIsCheckedByItsStrideAlone() {
    String src = cuda(8, 8);
    assertTrue(src.contains(" & 15) == 0 && lo_stride == 1 && "), src);
    assertTrue(src.contains("[kgen_run] + 7LL * lo_stride]"), src);
    assertFalse(src.contains("[kgen_run + 1] == v"), src);
  }

  @Test
  void aRunAcrossGroupsComparesEveryOffset() {
    String src = cuda(4, 8);
    assertTrue(src.matches("(?s).*(\\w+)\\[kgen_run \\+ 7\\] == \\1\\[kgen_run\\] \\+ 7 .*"), src);
  }

  @Test
  void pagedAttentionRunsNeedNoCompareOfTheirElements() {
    // K's 5-D index through / x and % x, V's head-major index and the masks against the head
    // size: every run of every load is proven, at both vector widths that read 16-byte runs
    for (PagedSpecs s : List.of(PagedSpecs.small(), PagedSpecs.small().withKv(DType.FP8E4M3))) {
      String src = CudaEmitter.emit(s.kernel(), new CodegenOptions(128, 8)).source();
      assertTrue(src.contains("&& stride_k_cache_4 == 1)"), src);
      assertTrue(src.contains("&& stride_v_cache_3 == 1)"), src);
      assertFalse(src.contains("[kgen_run + 1] =="), src);
    }
  }

  @Test
  void boundCacheStridesLeaveNothingToTest() {
    // a launch binds its caches' strides: runs proven consecutive and aligned need no test and no
    // element-by-element path; a cache with 4 bytes between blocks keeps the alignment test
    for (PagedSpecs s : List.of(PagedSpecs.small(), PagedSpecs.small().withKv(DType.FP8E4M3))) {
      Map<String, Long> strides = cacheStrides(s, 0);
      String src = CudaEmitter.emit(new ScalarBinding(strides).apply(s.kernel()), new CodegenOptions(128, 8)).source();
      assertFalse(src.contains("stride_k_cache") || src.contains("stride_v_cache"), src);
      assertFalse(src.contains("(size_t)(key_cache_ptr") || src.contains("(size_t)(value_cache_ptr"), src);
      assertTrue(src.contains("kgen_copy_async"), src);
      Map<String, Long> padded = cacheStrides(s, 4 / s.kvType().bytes());
      String gapped = CudaEmitter.emit(new ScalarBinding(padded).apply(s.kernel()), new CodegenOptions(128, 8)).source();
      assertTrue(gapped.contains("(((size_t)(key_cache_ptr + "), gapped);
    }
  }

  /** The strides of caches of {@code s} with 8 KV heads and {@code gap} unused elements after each block. */
  private static Map<String, Long> cacheStrides(PagedSpecs s, long gap) {
    long x = 16 / s.kvType().bytes();
    long head = s.headSize();
    long block = s.physicalBlock();
    long perBlock = 8 * head * block + gap;
    return Map.of("stride_k_cache_0", perBlock, "stride_k_cache_1", head * block, "stride_k_cache_2", block * x,
        "stride_k_cache_3", x, "stride_k_cache_4", 1L, "stride_v_cache_0", perBlock, "stride_v_cache_1", head * block,
        "stride_v_cache_2", block, "stride_v_cache_3", 1L);
  }

  @Test
  void aMaskAgainstARuntimeBoundIsComparedPerElement() {
    assertTrue(cuda(8, 8).contains("mask[kgen_run + 7] == mask[kgen_run]"));
  }
}
