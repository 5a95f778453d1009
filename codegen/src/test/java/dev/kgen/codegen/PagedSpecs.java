package dev.kgen.codegen;

import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.kernels.paged.PagedAttentionKernel;
import dev.kgen.kernels.paged.PagedAttentionSpec;
import java.util.Map;
import java.util.TreeMap;

/** Paged-attention specializations for tests, built from the feature axes of the seed kernel. */
public record PagedSpecs(int headSize, int physicalBlock, int queriesPerKv, DType qType, DType kvType, boolean sinks,
    boolean alibi, int window, boolean fp8Out, boolean filterByQueryLen) {

  /** Head 64, block 16, GQA 4, bf16, sinks and a sliding window: the golden's specialization. */
  public static PagedSpecs small() {
    return new PagedSpecs(64, 16, 4, DType.BF16, DType.BF16, true, false, 128, false, true);
  }

  public PagedSpecs withKv(DType kv) {
    return new PagedSpecs(headSize, physicalBlock, queriesPerKv, qType, kv, sinks, alibi, window, fp8Out, filterByQueryLen);
  }

  static int nextPow2(int n) {
    return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
  }

  /** The constexpr binding, derived as the launcher derives it. */
  public Map<String, Object> constexprs() {
    Map<String, Object> m = new TreeMap<>();
    m.put("Q_DTYPE", qType);
    m.put("KV_DTYPE", kvType);
    m.put("OUT_DTYPE", fp8Out ? DType.FP8E4M3 : qType);
    m.put("num_query_heads", queriesPerKv * 8);
    m.put("num_queries_per_kv", queriesPerKv);
    m.put("num_queries_per_kv_padded", Math.max(nextPow2(queriesPerKv), 16));
    m.put("BLOCK_SIZE", Integer.bitCount(physicalBlock) == 1 ? physicalBlock : 32);
    m.put("PHYSICAL_BLOCK_SIZE", physicalBlock);
    m.put("HEAD_SIZE", headSize);
    m.put("HEAD_SIZE_PADDED", nextPow2(headSize));
    m.put("USE_ALIBI_SLOPES", alibi);
    m.put("SLIDING_WINDOW", window);
    m.put("x", 16 / kvType.bytes());
    m.put("filter_by_query_len", filterByQueryLen);
    m.put("USE_SINKS", sinks);
    m.put("USE_FP8", fp8Out);
    return m;
  }

  /** The strides of K and V caches without gaps, by parameter name, for {@code kvHeads} heads of {@code head} elements. */
  public static Map<String, Long> contiguousStrides(int head, int block, int kvHeads, DType kv) {
    DType query = kv.isFp8() ? DType.BF16 : kv;
    return new PagedAttentionSpec(query, kv, query, kvHeads, kvHeads, head, block, 16 / kv.bytes(), false, 0, false, true,
        16).contiguousCacheStrides();
  }

  public Kernel kernel() {
    return PagedAttentionKernel.DEF.specialize(constexprs());
  }

  /** The split-KV pass of partitions of {@code partitionTiles} tiles that merges them itself (MERGE_IN_PASS). */
  public Kernel mergingPass(int partitionTiles) {
    Map<String, Object> c = constexprs();
    c.put("PARTITION_TILES", partitionTiles);
    c.put("MERGE_IN_PASS", true);
    return PagedAttentionKernel.DEF.specialize(c);
  }
}
