package dev.kgen.examples.kernels;

import dev.kgen.launch.annotations.KgenKernel;
import dev.kgen.launch.annotations.Specialization;

/**
 * The kernel specializations this project ships, compiled at build time. kgen-processor (on
 * the compiler's annotation processor path, see examples/pom.xml) turns each into CUDA and
 * OpenCL sources under {@code META-INF/kgen/} and generates {@code PagedAttentionDecodeLauncher}
 * and {@code RowSoftmaxLauncher} in this package. The class itself is empty: it only carries
 * the declarations.
 */
@KgenKernel(
    kernel = "dev.kgen.kernels.paged.PagedAttentionKernel.DEF",
    specializations = @Specialization(
        name = "decodeHead128Fp8Sinks",
        constexprs = {
          "Q_DTYPE=bf16", "KV_DTYPE=fp8e4m3", "OUT_DTYPE=bf16",
          "num_query_heads=4", "num_queries_per_kv=2", "num_queries_per_kv_padded=16",
          "BLOCK_SIZE=16", "PHYSICAL_BLOCK_SIZE=16", "HEAD_SIZE=128", "HEAD_SIZE_PADDED=128", "x=16",
          "USE_ALIBI_SLOPES=false", "SLIDING_WINDOW=0", "filter_by_query_len=false", "USE_SINKS=true", "USE_FP8=false"
        }))
@KgenKernel(
    kernel = "dev.kgen.kernels.norm.SoftmaxKernel.DEF",
    specializations = {
      @Specialization(name = "bf16Wide", constexprs = {"DTYPE=bf16", "BLOCK_N=1024"}),
      @Specialization(name = "fp32Narrow", constexprs = {"DTYPE=fp32", "BLOCK_N=128"}, threadsPerProgram = 64)
    })
public final class ShippedKernels {
  private ShippedKernels() {}
}
