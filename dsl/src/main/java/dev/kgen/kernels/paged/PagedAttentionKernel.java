package dev.kgen.kernels.paged;

import static dev.kgen.ir.DType.F16;
import static dev.kgen.ir.DType.F32;
import static dev.kgen.ir.DType.I32;
import static dev.kgen.ir.DType.I64;

import dev.kgen.dsl.ConstexprDecl;
import dev.kgen.dsl.KernelBuilder;
import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Paged-attention decode, written once: one program per (sequence, KV head) computes the
 * attention of all query heads of that KV head's group over the sequence's paged K/V cache,
 * streaming the context in tiles of {@code BLOCK_SIZE} tokens with an online softmax.
 *
 * <p>Caches: K is {@code [blocks, kv_heads, head/x, block, x]}, V is {@code [blocks, kv_heads,
 * head, block]}, both with arbitrary strides. A logical tile may be smaller than a physical
 * block that is not a power of two (544 read 32 tokens at a time): every token finds its own
 * physical block through the block table.
 *
 * <p>Split-KV (flash decoding): with {@code PARTITION_TILES > 0}, grid axis 2 cuts each
 * sequence into partitions of that many tiles; each program writes its unnormalized partial
 * (running max, sum and accumulator) to scratch buffers, and {@link #REDUCE}
 * merges the partitions. Few long sequences then still fill the GPU. With {@code MERGE_IN_PASS}
 * the pass merges them itself: each program counts its arrival on its sequence and KV head's
 * counter ({@code partition_counter_ptr}, zero before the call and again after it), and the
 * last to arrive merges every partition's partials, saving the reduce's launch.
 */
public final class PagedAttentionKernel {
  private PagedAttentionKernel() {}

  /** The K cache's five strides, then the V cache's four: the scalars a launch binds ({@code ScalarBinding}). */
  public static final List<String> CACHE_STRIDES = List.of("stride_k_cache_0", "stride_k_cache_1", "stride_k_cache_2",
      "stride_k_cache_3", "stride_k_cache_4", "stride_v_cache_0", "stride_v_cache_1", "stride_v_cache_2", "stride_v_cache_3");

  public static final KernelDef DEF = KernelDef.builder("paged_attention_decode")
      .constexprDType("Q_DTYPE")
      .constexprDType("KV_DTYPE")
      .constexprDType("OUT_DTYPE")
      .constexprInt("num_query_heads")
      .constexprInt("num_queries_per_kv")
      .constexprInt("num_queries_per_kv_padded")
      .constexprInt("BLOCK_SIZE")
      .constexprInt("PHYSICAL_BLOCK_SIZE")
      .constexprInt("HEAD_SIZE")
      .constexprInt("HEAD_SIZE_PADDED")
      .constexprBool("USE_ALIBI_SLOPES")
      .constexprInt("SLIDING_WINDOW")
      .constexprInt("x")
      .constexprBool("filter_by_query_len")
      .constexprBool("USE_SINKS")
      .constexprBool("USE_FP8")
      .constexprInt("PARTITION_TILES", 0)
      .constexprBool("MERGE_IN_PASS", false)
      .body(PagedAttentionKernel::body)
      .build();

  /**
   * The second half of split-KV: one program per (sequence, KV head) merges the partitions'
   * partial maxima, sums and accumulators, then runs the same epilogue as the single pass.
   */
  public static final KernelDef REDUCE = KernelDef.builder("paged_attention_reduce")
      .constexprDType("OUT_DTYPE")
      .constexprInt("num_query_heads")
      .constexprInt("num_queries_per_kv")
      .constexprInt("num_queries_per_kv_padded")
      .constexprInt("BLOCK_SIZE")
      .constexprInt("HEAD_SIZE")
      .constexprInt("HEAD_SIZE_PADDED")
      .constexprInt("PARTITION_TILES")
      .constexprInt("SLIDING_WINDOW")
      .constexprBool("filter_by_query_len")
      .constexprBool("USE_FP8")
      .body(PagedAttentionKernel::reduce)
      .build();

  /**
   * The reduce kernel for the partition pass specialized on {@code passConstexprs}: it declares
   * a subset of them.
   */
  public static Kernel reduceFor(Map<String, Object> passConstexprs) {
    Map<String, Object> c = new HashMap<>();
    for (ConstexprDecl d : REDUCE.constexprs()) {
      c.put(d.name(), passConstexprs.get(d.name()));
    }
    return REDUCE.specialize(c);
  }

  /** Tiles spanning up to this many whole blocks read one table entry per block, not per token. */
  private static final int MAX_TABLE_ENTRIES_PER_TILE = 4;
  /**
   * Partitions the reduce kernel merges per iteration. Its programs (one per sequence and KV
   * head) are few and each waits for its partials' loads in turn, so the loads of several
   * partitions go out together. Four cover the default split of a 4k context.
   */
  private static final int REDUCE_UNROLL = 4;

  private static void body(KernelBuilder k) {
    DType qType = k.constDType("Q_DTYPE");
    DType kvType = k.constDType("KV_DTYPE");
    int queriesPadded = k.constInt("num_queries_per_kv_padded");
    int blockSize = k.constInt("BLOCK_SIZE");
    int physicalBlock = k.constInt("PHYSICAL_BLOCK_SIZE");
    int headSize = k.constInt("HEAD_SIZE");
    int headPadded = k.constInt("HEAD_SIZE_PADDED");
    int slidingWindow = k.constInt("SLIDING_WINDOW");
    int x = k.constInt("x");

    Tile outputPtr = k.pointer("output_ptr", k.constDType("OUT_DTYPE"));
    Tile queryPtr = k.pointer("query_ptr", qType);
    Tile keyCachePtr = k.pointer("key_cache_ptr", kvType);
    Tile valueCachePtr = k.pointer("value_cache_ptr", kvType);
    Tile sinkPtr = k.pointer("sink_ptr", F32);
    Tile blockTablesPtr = k.pointer("block_tables_ptr", I32);
    Tile seqLensPtr = k.pointer("seq_lens_ptr", I32);
    Tile alibiSlopesPtr = k.pointer("alibi_slopes_ptr", F32);
    Tile queryStartLenPtr = k.pointer("query_start_len_ptr", I32);
    Tile scale = k.scalar("scale", F32);
    Tile kScalePtr = k.pointer("k_scale", F32);
    Tile vScalePtr = k.pointer("v_scale", F32);
    Tile outScaleInvPtr = k.pointer("out_scale_inv", F32);
    Tile blockTableStride = k.scalar("block_table_stride", I64);
    Tile queryStride0 = k.scalar("query_stride_0", I64);
    Tile queryStride1 = k.scalar("query_stride_1", I64);
    Tile outputStride0 = k.scalar("output_stride_0", I64);
    Tile outputStride1 = k.scalar("output_stride_1", I64);
    Tile[] kStride = new Tile[5];
    for (int i = 0; i < 5; i++) {
      kStride[i] = k.scalar(CACHE_STRIDES.get(i), I64);
    }
    Tile[] vStride = new Tile[4];
    for (int i = 0; i < 4; i++) {
      vStride[i] = k.scalar(CACHE_STRIDES.get(5 + i), I64);
    }
    int partitionTiles = k.constInt("PARTITION_TILES");
    boolean split = partitionTiles > 0;
    Tile partialMaxPtr = split ? k.pointer("partial_max_ptr", F32) : null;
    Tile partialSumPtr = split ? k.pointer("partial_sum_ptr", F32) : null;
    Tile partialAccPtr = split ? k.pointer("partial_acc_ptr", F32) : null;
    Tile partialStride0 = split ? k.scalar("partial_stride_seq", I64) : null;
    Tile partialStride1 = split ? k.scalar("partial_stride_head", I64) : null;
    boolean mergeInPass = split && k.constBool("MERGE_IN_PASS");
    Tile counterPtr = mergeInPass ? k.pointer("partition_counter_ptr", I32) : null;

    Tile seqIdx = k.programId(0).as("seq_idx");
    Tile kvHeadIdx = k.programId(1).as("kv_head_idx");

    Tile tokenIdx = decodeRowOrReturn(k, seqIdx, queryStartLenPtr);
    Tile queryHeadIdx = queryHeads(k, kvHeadIdx);
    Tile headMask = headMask(k, kvHeadIdx, queryHeadIdx);
    Tile offsD = k.arange(0, headPadded).as("offs_d");
    Tile dimMask = offsD.lt(headSize).as("dim_mask");

    Tile queryOffset = tokenIdx.to(I64).mul(queryStride0).add(queryHeadIdx.col().mul(queryStride1));
    Tile q = k.load(queryPtr.add(queryOffset).add(offsD.row()), dimMask.row().and(headMask.col()), 0.0).as("Q");

    Tile blockTableOffset = seqIdx.to(I64).mul(blockTableStride).as("block_table_offset");
    Tile partition = split ? k.programId(2).as("partition") : null;
    Tile m0;
    Tile l0;
    if (k.constBool("USE_SINKS")) {
      // a sink is one extra logit per head: it belongs to the first partition only
      Tile sinkMask = split ? headMask.and(partition.eq(0L)) : headMask;
      m0 = k.load(sinkPtr.add(queryHeadIdx), sinkMask, Double.NEGATIVE_INFINITY).to(F32);
      l0 = k.where(m0.gt(Double.NEGATIVE_INFINITY), 1.0, 0.0);
    } else {
      m0 = k.full(new int[] {queriesPadded}, Double.NEGATIVE_INFINITY, F32);
      l0 = k.zeros(new int[] {queriesPadded}, F32);
    }
    Tile acc0 = k.zeros(new int[] {queriesPadded, headPadded}, F32);

    Tile seqLen = k.load(seqLensPtr.add(seqIdx)).as("seq_len");
    Tile contextLen = seqLen.sub(1).as("context_len");
    Tile alibiSlope = k.constBool("USE_ALIBI_SLOPES")
        ? k.load(alibiSlopesPtr.add(queryHeadIdx), headMask, 0.0).as("alibi_slope") : null;
    Tile kScale = kvType.isFp8() ? k.load(kScalePtr).as("k_scale_value") : null;
    Tile vScale = kvType.isFp8() ? k.load(vScalePtr).as("v_scale_value") : null;
    Tile numBlocks = k.cdiv(seqLen, blockSize).as("num_blocks");
    Tile numPartitions = null;
    if (mergeInPass) {
      // at least one, so that an empty sequence still writes its (zero) output
      numPartitions = k.maximum(partitionCount(k, seqLen), k.constant(1)).as("num_partitions");
      // a partition past a shorter sequence's end neither writes nor arrives
      k.ifThen(partition.ge(numPartitions), k::ret);
    }
    Tile offsN = k.arange(0, blockSize).as("offs_n");

    // Tiles wholly before the window are never read: their scores would be -10000, whose
    // exponent underflows to exactly 0 next to the in-window maximum (the newest token is always
    // in the window), in fp32 as in the float64 reference. Split partitions start at the window.
    Tile firstTile = slidingWindow > 0 ? windowFirstTile(k, contextLen) : k.constant(0);
    Tile endTile = numBlocks;
    if (split) {
      firstTile = firstTile.add(partition.mul(partitionTiles)).as("first_tile");
      endTile = k.minimum(numBlocks, firstTile.add(partitionTiles)).as("end_tile");
    }
    List<Tile> carried = k.forRange(firstTile, endTile, List.of(m0.as("M"), l0.as("L"), acc0.as("acc")), (j, c) -> {
      Tile m = c.get(0);
      Tile l = c.get(1);
      Tile acc = c.get(2);
      Tile startN = j.as("j").mul(blockSize).as("start_n");
      Tile absTokenIdx = startN.add(offsN).as("abs_token_idx");
      Tile kBlock;
      Tile vBlock;
      Tile inBlock;
      if (physicalBlock % blockSize == 0) {
        // The tile lies in one physical block: one table entry for all its tokens, read
        // unmasked like the seed's (the tile starts inside the sequence: j < num_blocks).
        Tile physical = k.load(blockTablesPtr.add(blockTableOffset).add(startN.intDiv(physicalBlock)))
            .to(I64).as("p_block_idx");
        kBlock = physical;
        vBlock = physical;
        inBlock = startN.rem(physicalBlock).add(offsN).to(I64).as("internal_offsets");
      } else if (blockSize % physicalBlock == 0 && blockSize / physicalBlock <= MAX_TABLE_ENTRIES_PER_TILE) {
        // The tile spans a few whole blocks: one table entry per block (entries of blocks past
        // the end of the sequence are not read), chosen per token by its block within the tile.
        int blocks = blockSize / physicalBlock;
        Tile firstBlock = startN.intDiv(physicalBlock).as("first_block");
        Tile blockOfToken = offsN.intDiv(physicalBlock);
        Tile physical = null;
        for (int b = blocks - 1; b >= 0; b--) {
          Tile used = startN.add(b * physicalBlock).lt(seqLen);
          Tile entry = k.load(blockTablesPtr.add(blockTableOffset).add(firstBlock.add(b)), used, 0.0).to(I64);
          physical = physical == null ? entry : k.where(blockOfToken.eq(b), entry, physical);
        }
        physical = physical.as("p_block_idx");
        kBlock = physical.col();
        vBlock = physical.row();
        inBlock = absTokenIdx.rem(physicalBlock).to(I64).as("internal_offsets");
      } else {
        // A tile spans blocks (e.g. 544-token blocks): one table entry per token, and tokens
        // past the end of the sequence read none.
        Tile logicalBlock = absTokenIdx.intDiv(physicalBlock).as("l_block_idx");
        Tile inSequence = absTokenIdx.lt(seqLen);
        Tile physical = k.load(blockTablesPtr.add(blockTableOffset).add(logicalBlock), inSequence, 0.0)
            .to(I64).as("p_block_idx");
        kBlock = physical.col();
        vBlock = physical.row();
        inBlock = absTokenIdx.rem(physicalBlock).to(I64).as("internal_offsets");
      }

      // K is read token-major, [BLOCK_SIZE, HEAD_SIZE_PADDED] like V, so that neighbouring
      // elements of a row are neighbours within the cache's x-wide chunks; the dot takes its
      // transpose
      Tile kOffset = kBlock.mul(kStride[0])
          .add(kvHeadIdx.to(I64).mul(kStride[1]))
          .add(offsD.row().intDiv(x).to(I64).mul(kStride[2]))
          .add(inBlock.col().mul(kStride[3]))
          .add(offsD.row().rem(x).to(I64).mul(kStride[4])).as("k_offset");
      // V is read head-major, [HEAD_SIZE_PADDED, BLOCK_SIZE], the cache's order (a block's tokens
      // are contiguous for each head element); the dot takes its transpose
      Tile vOffset = vBlock.mul(vStride[0])
          .add(kvHeadIdx.to(I64).mul(vStride[1]))
          .add(offsD.col().to(I64).mul(vStride[2]))
          .add(inBlock.row().mul(vStride[3])).as("v_offset");

      // K: [BLOCK_SIZE, HEAD_SIZE_PADDED]; V: [HEAD_SIZE_PADDED, BLOCK_SIZE]
      Tile kTile = k.load(keyCachePtr.add(kOffset), dimMask.row(), 0.0);
      kTile = kvType.isFp8() ? kTile.to(F32).mul(kScale).to(qType) : kTile;
      Tile vTile = k.load(valueCachePtr.add(vOffset), dimMask.col(), 0.0);

      Tile seqOffset = absTokenIdx;
      Tile seqMask = seqOffset.row().lt(seqLen).as("seq_mask");
      Tile s = k.where(headMask.col().and(seqMask), k.dot(q, kTile.trans()).mul(scale), Double.NEGATIVE_INFINITY);
      if (slidingWindow > 0) {
        s = k.where(contextLen.sub(seqOffset).row().lt(slidingWindow), s, -10000.0);
      }
      if (alibiSlope != null) {
        s = s.add(alibiSlope.col().mul(seqOffset.sub(contextLen).to(F32).row()));
      }
      s = s.as("S");

      Tile mj = k.maximum(m, s.max(1)).as("m_j");
      // one broadcast of the row maxima serves both uses (each broadcast between layouts costs
      // a round trip through shared memory and two barriers)
      Tile mjRows = mj.col().broadcastTo(s.shape().dim(0), s.shape().dim(1)).as("m_j_rows");
      Tile p = s.sub(mjRows).exp();
      p = k.where(mjRows.eq(Double.NEGATIVE_INFINITY), 0.0, p).as("P");
      Tile lj = p.sum(1).as("l_j");
      Tile alpha = weight(k, m, mj).as("alpha");
      Tile accNext = acc.mul(alpha.col()).add(valueProduct(k, p, vTile, vScale));
      return List.of(mj, l.mul(alpha).add(lj), accNext);
    });

    if (split) {
      // unnormalized partials; the reduce kernel merges partitions and finishes the epilogue
      Tile rowBase = partialRows(seqIdx, queryHeadIdx, partialStride0, partialStride1);
      Tile rowOffset = rowBase.add(partition.to(I64)).as("partial_offset");
      k.store(partialMaxPtr.add(rowOffset), carried.get(0), headMask);
      k.store(partialSumPtr.add(rowOffset), carried.get(1), headMask);
      k.store(partialAccPtr.add(rowOffset.mul((long) headPadded).col()).add(offsD.row()), carried.get(2),
          headMask.col().and(dimMask.row()));
      if (mergeInPass) {
        int kvHeads = k.constInt("num_query_heads") / k.constInt("num_queries_per_kv");
        Tile counter = counterPtr.add(seqIdx.mul(kvHeads).add(kvHeadIdx)).as("partition_counter");
        Tile arrived = k.atomicAdd(counter, 1).as("arrived");
        Tile count = numPartitions;
        k.ifThen(arrived.eq(count.sub(1)), () -> {
          List<Tile> merged = mergePartials(k, partialMaxPtr, partialSumPtr, partialAccPtr, rowBase, count, headMask,
              offsD, dimMask);
          storeOutput(k, merged.get(2), merged.get(1), outScaleInvPtr, outputPtr, tokenIdx, outputStride0,
              outputStride1, queryHeadIdx, offsD, dimMask.row().and(headMask.col()));
          // every partition has arrived: zero again for the next call (whose launch orders it)
          k.atomicAddRelaxed(counter, count.neg());
        });
      }
      return;
    }
    storeOutput(k, carried.get(2), carried.get(1), outScaleInvPtr, outputPtr, tokenIdx, outputStride0, outputStride1,
        queryHeadIdx, offsD, dimMask.row().and(headMask.col()));
  }

  private static void reduce(KernelBuilder k) {
    int headPadded = k.constInt("HEAD_SIZE_PADDED");
    Tile outputPtr = k.pointer("output_ptr", k.constDType("OUT_DTYPE"));
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
    Tile tokenIdx = decodeRowOrReturn(k, seqIdx, queryStartLenPtr);
    Tile queryHeadIdx = queryHeads(k, kvHeadIdx);
    Tile headMask = headMask(k, kvHeadIdx, queryHeadIdx);
    Tile offsD = k.arange(0, headPadded).as("offs_d");
    Tile dimMask = offsD.lt(k.constInt("HEAD_SIZE")).as("dim_mask");
    Tile seqLen = k.load(seqLensPtr.add(seqIdx)).as("seq_len");
    Tile numPartitions = partitionCount(k, seqLen);
    Tile rowBase = partialRows(seqIdx, queryHeadIdx, partialStride0, partialStride1);
    List<Tile> merged = mergePartials(k, partialMaxPtr, partialSumPtr, partialAccPtr, rowBase, numPartitions, headMask,
        offsD, dimMask);
    storeOutput(k, merged.get(2), merged.get(1), outScaleInvPtr, outputPtr, tokenIdx, outputStride0, outputStride1,
        queryHeadIdx, offsD, dimMask.row().and(headMask.col()));
  }

  /** Where the partials of a sequence's query heads start: each head's row holds its partitions' one after another. */
  private static Tile partialRows(Tile seqIdx, Tile queryHeadIdx, Tile strideSeq, Tile strideHead) {
    return seqIdx.to(I64).mul(strideSeq).add(queryHeadIdx.to(I64).mul(strideHead)).as("row_base");
  }

  /** The partitions of a sequence of {@code seqLen} tokens: those of the tiles it reads, from its window's first. */
  private static Tile partitionCount(KernelBuilder k, Tile seqLen) {
    Tile tiles = k.cdiv(seqLen, k.constInt("BLOCK_SIZE"));
    if (k.constInt("SLIDING_WINDOW") > 0) { // the partitions start at the window's first tile
      tiles = tiles.sub(windowFirstTile(k, seqLen.sub(1)));
    }
    return k.cdiv(tiles, k.constInt("PARTITION_TILES")).as("num_partitions");
  }

  /**
   * Merges the partials of {@code numPartitions} partitions, those of the query heads' rows at
   * {@code rowBase}: returns the maximum, sum and accumulator of them all, under one maximum.
   */
  private static List<Tile> mergePartials(KernelBuilder k, Tile partialMaxPtr, Tile partialSumPtr, Tile partialAccPtr,
      Tile rowBase, Tile numPartitions, Tile headMask, Tile offsD, Tile dimMask) {
    int headPadded = k.constInt("HEAD_SIZE_PADDED");
    int queriesPadded = k.constInt("num_queries_per_kv_padded");
    Tile m0 = k.full(new int[] {queriesPadded}, Double.NEGATIVE_INFINITY, F32);
    Tile l0 = k.zeros(new int[] {queriesPadded}, F32);
    Tile acc0 = k.zeros(new int[] {queriesPadded, headPadded}, F32);
    // REDUCE_UNROLL partitions per iteration: their loads are in flight together, so the
    // merge waits for memory once per REDUCE_UNROLL partitions instead of once per partition
    Tile rounds = k.cdiv(numPartitions, REDUCE_UNROLL).as("rounds");
    return k.forRange(0, rounds, List.of(m0.as("M"), l0.as("L"), acc0.as("acc")), (r, c) -> {
      List<Tile> ms = new ArrayList<>();
      List<Tile> ls = new ArrayList<>();
      List<Tile> accs = new ArrayList<>();
      for (int u = 0; u < REDUCE_UNROLL; u++) {
        Tile p = r.mul(REDUCE_UNROLL).add(u).as("p");
        Tile present = headMask.and(p.lt(numPartitions));
        Tile offset = rowBase.add(p.to(I64)).as("partial_offset");
        ms.add(k.load(partialMaxPtr.add(offset), present, Double.NEGATIVE_INFINITY).as("m_p"));
        ls.add(k.load(partialSumPtr.add(offset), present, 0.0).as("l_p"));
        accs.add(k.load(partialAccPtr.add(offset.mul((long) headPadded).col()).add(offsD.row()),
            present.col().and(dimMask.row()), 0.0).as("acc_p"));
      }
      Tile mNew = c.get(0);
      for (Tile mp : ms) {
        mNew = k.maximum(mNew, mp);
      }
      mNew = mNew.as("m_new");
      Tile alpha = weight(k, c.get(0), mNew).as("alpha");
      Tile l = c.get(1).mul(alpha);
      Tile acc = c.get(2).mul(alpha.col());
      for (int u = 0; u < REDUCE_UNROLL; u++) {
        Tile beta = weight(k, ms.get(u), mNew).as("beta");
        l = l.add(ls.get(u).mul(beta));
        acc = acc.add(accs.get(u).mul(beta.col()));
      }
      return List.of(mNew, l, acc);
    });
  }

  /**
   * {@code P x V}. An fp8 V is exact in fp16, so the product runs in fp16 and the scale
   * multiplies its result: P, in [0, 1], keeps three more bits than in bf16, and the tensor-core
   * product converts V's bytes in one instruction per pair instead of four (through fp32 to
   * bf16). Otherwise V is in the query's dtype, and so is P.
   */
  private static Tile valueProduct(KernelBuilder k, Tile p, Tile vTile, Tile vScale) {
    if (!vTile.dtype().isFp8()) {
      return k.dot(p.to(vTile.dtype()), vTile.trans());
    }
    return k.dot(p.to(F16), vTile.to(F16).trans()).mul(vScale);
  }

  /**
   * {@code exp(m - mNew)}, or 0 where {@code m} is minus infinity (nothing was seen): the weight
   * of what was summed under the maximum {@code m} once the maximum is {@code mNew}, in the
   * partition pass's loop and in the reduce's merge.
   */
  private static Tile weight(KernelBuilder k, Tile m, Tile mNew) {
    Tile e = m.sub(mNew).exp();
    return k.where(m.eq(Double.NEGATIVE_INFINITY), 0.0, e);
  }

  /** The first tile with a token inside the sliding window of the query at {@code contextLen}. */
  private static Tile windowFirstTile(KernelBuilder k, Tile contextLen) {
    return k.maximum(contextLen.sub(k.constInt("SLIDING_WINDOW") - 1), k.constant(0)).intDiv(k.constInt("BLOCK_SIZE"))
        .as("window_first_tile");
  }

  /**
   * Rows of a prefill chunk (query length > 1) belong to another kernel: such a program ends
   * here and leaves its rows untouched. Returns the query row of this sequence's decode token.
   */
  private static Tile decodeRowOrReturn(KernelBuilder k, Tile seqIdx, Tile queryStartLenPtr) {
    if (!k.constBool("filter_by_query_len")) {
      return seqIdx;
    }
    Tile start = k.load(queryStartLenPtr.add(seqIdx)).as("cur_batch_in_all_start_index");
    Tile stop = k.load(queryStartLenPtr.add(seqIdx).add(1));
    Tile queryLen = stop.sub(start).as("cur_batch_query_len");
    k.ifThen(queryLen.gt(1), k::ret);
    return start;
  }

  /** The query heads served by one KV head, padded to {@code num_queries_per_kv_padded}. */
  private static Tile queryHeads(KernelBuilder k, Tile kvHeadIdx) {
    return kvHeadIdx.mul(k.constInt("num_queries_per_kv")).add(k.arange(0, k.constInt("num_queries_per_kv_padded")))
        .as("query_head_idx");
  }

  /** Which of the padded query heads are real heads of this KV head's group. */
  private static Tile headMask(KernelBuilder k, Tile kvHeadIdx, Tile queryHeadIdx) {
    return queryHeadIdx.lt(kvHeadIdx.add(1).mul(k.constInt("num_queries_per_kv")))
        .and(queryHeadIdx.lt(k.constInt("num_query_heads"))).as("head_mask");
  }

  /**
   * The epilogue: normalize, scale and clamp for an fp8 output, and store the rows. Each row is
   * multiplied by the reciprocal of its sum, one division per row instead of one per element: a
   * padded row's zeros divided one by one took the division's slow path (16% of the windowed
   * case's stall samples in r28's profile), and the product is within an ulp of the quotient.
   */
  private static void storeOutput(KernelBuilder k, Tile accumulated, Tile sum, Tile outScaleInvPtr, Tile outputPtr,
      Tile tokenIdx, Tile outputStride0, Tile outputStride1, Tile queryHeadIdx, Tile offsD, Tile mask) {
    Tile denominator = sum.add(1e-10);
    Tile acc = accumulated.mul(k.full(new int[] {denominator.shape().dim(0)}, 1.0, F32).div(denominator).col());
    if (k.constBool("USE_FP8")) {
      DType outType = k.constDType("OUT_DTYPE");
      double fp8Max = outType.isFp8() ? outType.format().maxFinite() : DType.FP8E4M3.format().maxFinite();
      acc = k.clamp(acc.mul(k.load(outScaleInvPtr)), -fp8Max, fp8Max);
    }
    Tile outputOffset = tokenIdx.to(I64).mul(outputStride0).add(queryHeadIdx.to(I64).mul(outputStride1));
    k.store(outputPtr.add(outputOffset.col()).add(offsD.row()), acc, mask);
  }
}
