package dev.kgen.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.codegen.opencl.OpenClEmitter;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratedKernelTest {
  @Test
  void describesTheLaunch() {
    Kernel k = PagedSpecs.small().kernel();
    GeneratedKernel cuda = CudaEmitter.emit(k, new CodegenOptions(256, 2));
    GeneratedKernel cl = OpenClEmitter.emit(k, new CodegenOptions(256, 2));
    assertEquals("cuda", cuda.language());
    assertEquals("opencl", cl.language());
    assertEquals("paged_attention_decode", cuda.entryName());
    assertEquals(256, cuda.threadsPerProgram());
    assertEquals(k.params(), cuda.params());
    assertEquals(k.params(), cl.params());
    assertEquals(8192, cl.sharedBytes(), "OpenCL's scalar QK dot stages [16,64] and [64,16] fp32 tiles");
    assertEquals(16 * (64 + 8) * 2 + 16 * (64 + 8) * 2 + 64 * (16 + 8) * 2 + 16 * (16 + 8) * 2 + 16 * (64 + 8) * 4,
        cuda.sharedBytes(), "CUDA holds Q (bf16 [16,64]) and the copies of K (bf16 [16,64]) and V (bf16 [64,16]) across"
            + " the loop; its tensor-core PV dot stages P (bf16 [16,16]) and the fp32 result, all with padded rows");
    assertFalse(cuda.dynamicShared());
    assertEquals(0, cuda.launchSharedBytes());
    assertTrue(cuda.source().contains("__launch_bounds__(256)"));
    assertTrue(cuda.source().contains("__shared__ __align__(16) unsigned char kgen_smem[13056];"));
  }

  @Test
  void pointersNeverStoredThroughAreConstRestrict() {
    String src = CudaEmitter.emit(PagedSpecs.small().kernel()).source();
    assertTrue(src.contains("\n    unsigned short* output_ptr,"));
    assertTrue(src.contains("const unsigned short* __restrict__ key_cache_ptr"));
    assertTrue(src.contains("const int* __restrict__ block_tables_ptr"));
    assertTrue(src.contains("long long stride_k_cache_0"));
    assertFalse(src.contains("#include"));
    assertFalse(src.contains("kgen_fp8"), "a bf16 kernel has no fp8 helpers");
  }

  @Test
  void fp8KvCachesAreBytesDecodedExactly() {
    String src = CudaEmitter.emit(PagedSpecs.small().withKv(DType.FP8E5M2).kernel()).source();
    assertTrue(src.contains("const unsigned char* __restrict__ key_cache_ptr"));
    // copied into shared memory as bytes, each pair decoded as the product reads its fragment
    assertTrue(src.contains("kgen_fp8e5m2_to_float((unsigned char)(two >> 8))"), src);
    assertTrue(src.contains("kgen_mma_bf16_e5m2(kgen_as, kgen_bt, "), src);
    assertTrue(src.contains("kgen_copy_async4(kgen_dst, key_cache_ptr + "), src);
  }

  @Test
  void recordChecksItsFields() {
    assertThrows(IllegalArgumentException.class, () -> new GeneratedKernel("metal", "k", "", 128, 0, false, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new GeneratedKernel("cuda", "k", "", 128, -1, false, List.of()));
  }
}
