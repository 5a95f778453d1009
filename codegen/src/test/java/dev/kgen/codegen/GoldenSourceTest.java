package dev.kgen.codegen;

import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.codegen.opencl.NvidiaOpenClEmitter;
import dev.kgen.codegen.opencl.OpenClEmitter;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generated file has a golden: the whole CUDA, OpenCL and NVIDIA OpenCL source of a few small
 * specializations, so a change to the emitter shows up as a readable diff in review.
 */
class GoldenSourceTest {
  static Stream<Arguments> kernels() {
    return Stream.of(
        Arguments.of("paged_attention_h64_b16_gqa4_bf16_sinks_window", PagedSpecs.small().kernel()),
        Arguments.of("paged_attention_h64_b16_gqa4_fp8e4m3_kv", PagedSpecs.small().withKv(DType.FP8E4M3).kernel()),
        Arguments.of("paged_attention_h64_b16_gqa4_bf16_split4_merged_in_pass", PagedSpecs.small().mergingPass(4)),
        Arguments.of("row_softmax_block128", TestKernels.ROW_SOFTMAX.specialize(Map.of("BLOCK", 128))),
        Arguments.of("elementwise_mix_block512", TestKernels.ELEMENTWISE.specialize(Map.of("BLOCK", 512))));
  }

  @ParameterizedTest(name = "{0}.cu")
  @MethodSource("kernels")
  void cudaSourceMatchesGolden(String name, Kernel k) throws Exception {
    Goldens.assertMatches(name + ".cu", CudaEmitter.emit(k, CodegenOptions.DEFAULT).source());
  }

  @ParameterizedTest(name = "{0}.cl")
  @MethodSource("kernels")
  void openClSourceMatchesGolden(String name, Kernel k) throws Exception {
    Goldens.assertMatches(name + ".cl", OpenClEmitter.emit(k, CodegenOptions.DEFAULT).source());
  }

  @ParameterizedTest(name = "{0}.nv.cl")
  @MethodSource("kernels")
  void nvidiaOpenClSourceMatchesGolden(String name, Kernel k) throws Exception {
    Goldens.assertMatches(name + ".nv.cl", NvidiaOpenClEmitter.emit(k, CodegenOptions.DEFAULT).source());
  }
}
