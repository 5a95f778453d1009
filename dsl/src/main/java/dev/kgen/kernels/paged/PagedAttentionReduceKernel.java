package dev.kgen.kernels.paged;

import static dev.kgen.ir.DType.F32;
import static dev.kgen.ir.DType.I32;
import static dev.kgen.ir.DType.I64;

import dev.kgen.dsl.KernelBuilder;
import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import dev.kgen.ir.DType;
import java.util.List;

/**
 * The second half of split-KV paged attention: one program per (sequence, KV head) merges the
 * partitions' partial maxima, sums and accumulators written by {@link PagedAttentionKernel}
 * with {@code PARTITION_TILES > 0}, then applies the epilogue (normalization, fp8 output
 * scaling and clamping) and stores the output row. Prefill rows are skipped as in the seed.
 */
public final class PagedAttentionReduceKernel {
  private PagedAttentionReduceKernel() {}

  public static final KernelDef DEF = KernelDef.builder("paged_attention_reduce")
      .constexprDType("OUT_DTYPE")
      .constexprInt("num_query_heads")
      .constexprInt("num_queries_per_kv")
      .constexprInt("num_queries_per_kv_padded")
      .constexprInt("BLOCK_SIZE")
      .constexprInt("HEAD_SIZE")
      .constexprInt("HEAD_SIZE_PADDED")
      .constexprInt("PARTITION_TILES")
      .constexprBool("filter_by_query_len")
      .constexprBool("USE_FP8")
      .body(PagedAttentionReduceKernel::body)
      .build();

  private static void body(KernelBuilder k) {
    DType outType = k.constDType("OUT_DTYPE");
    int queriesPerKv = k.constInt("num_queries_per_kv");
    int queriesPadded = k.constInt("num_queries_per_kv_padded");
    int headPadded = k.constInt("HEAD_SIZE_PADDED");
    Tile outputPtr = k.pointer("output_ptr", outType);
    Tile partialMaxPtr = k.pointer("partial_max_ptr", F32);
    Tile partialSumPtr = k.pointer("partial_sum_ptr", F32);
    Tile partialAccPtr = k.pointer("partial_acc_ptr", F32);
    Tile seqLensPtr = k.pointer("seq_lens_ptr", I32);
    Tile queryStartLenPtr = k.pointer("query_start_len_ptr", I32);
    Tile outScaleInvPtr = k.pointer("out_scale_inv", F32);
    Tile outputStride0 = k.scalar("output_stride_0", I64);
    Tile outputStride1 = k.scalar("output_stride_1", I64);
    Tile partialStride0 = k.scalar("partial_stride_seq", I64);
    Tile partialStride1 = k.scalar("partial_stride_head", I64);

    Tile seqIdx = k.programId(0).as("seq_idx");
    Tile kvHeadIdx = k.programId(1).as("kv_head_idx");
    Tile tokenIdx = seqIdx;
    if (k.constBool("filter_by_query_len")) {
      Tile start = k.load(queryStartLenPtr.add(seqIdx)).as("cur_batch_in_all_start_index");
      Tile stop = k.load(queryStartLenPtr.add(seqIdx).add(1));
      k.ifThen(stop.sub(start).gt(1), k::ret);
      tokenIdx = start;
    }
    Tile queryHeadIdx = kvHeadIdx.mul(queriesPerKv).add(k.arange(0, queriesPadded)).as("query_head_idx");
    Tile headMask = queryHeadIdx.lt(kvHeadIdx.add(1).mul(queriesPerKv))
        .and(queryHeadIdx.lt(k.constInt("num_query_heads"))).as("head_mask");
    Tile offsD = k.arange(0, headPadded).as("offs_d");
    Tile dimMask = offsD.lt(k.constInt("HEAD_SIZE")).as("dim_mask");
    Tile seqLen = k.load(seqLensPtr.add(seqIdx)).as("seq_len");
    Tile numPartitions = k.cdiv(k.cdiv(seqLen, k.constInt("BLOCK_SIZE")), k.constInt("PARTITION_TILES"))
        .as("num_partitions");
    Tile rowBase = seqIdx.to(I64).mul(partialStride0).add(queryHeadIdx.to(I64).mul(partialStride1)).as("row_base");

    Tile m0 = k.full(new int[] {queriesPadded}, Double.NEGATIVE_INFINITY, F32);
    Tile l0 = k.zeros(new int[] {queriesPadded}, F32);
    Tile acc0 = k.zeros(new int[] {queriesPadded, headPadded}, F32);
    List<Tile> merged = k.forRange(0, numPartitions, List.of(m0.as("M"), l0.as("L"), acc0.as("acc")), (p, c) -> {
      Tile offset = rowBase.add(p.as("p").to(I64)).as("partial_offset");
      Tile mp = k.load(partialMaxPtr.add(offset), headMask, Double.NEGATIVE_INFINITY).as("m_p");
      Tile lp = k.load(partialSumPtr.add(offset), headMask, 0.0).as("l_p");
      Tile accP = k.load(partialAccPtr.add(offset.mul((long) headPadded).col()).add(offsD.row()),
          headMask.col().and(dimMask.row()), 0.0).as("acc_p");
      Tile mNew = k.maximum(c.get(0), mp).as("m_new");
      Tile alpha = k.where(c.get(0).eq(Double.NEGATIVE_INFINITY), 0.0, c.get(0).sub(mNew).exp()).as("alpha");
      Tile beta = k.where(mp.eq(Double.NEGATIVE_INFINITY), 0.0, mp.sub(mNew).exp()).as("beta");
      Tile l = c.get(1).mul(alpha).add(lp.mul(beta));
      Tile acc = c.get(2).mul(alpha.col()).add(accP.mul(beta.col()));
      return List.of(mNew, l, acc);
    });
    Tile acc = merged.get(2).div(merged.get(1).col().add(1e-10));
    if (k.constBool("USE_FP8")) {
      double fp8Max = outType.isFp8() ? outType.format().maxFinite() : DType.FP8E4M3.format().maxFinite();
      acc = k.clamp(acc.mul(k.load(outScaleInvPtr)), -fp8Max, fp8Max);
    }
    Tile outputOffset = tokenIdx.to(I64).mul(outputStride0).add(queryHeadIdx.to(I64).mul(outputStride1));
    k.store(outputPtr.add(outputOffset.col()).add(offsD.row()), acc, dimMask.row().and(headMask.col()));
  }
}
