package dev.kgen.kernels.paged;

import dev.kgen.errors.KgenUserException;
import dev.kgen.ir.DType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything about a paged-attention call that is fixed at compile time: dtypes, head
 * geometry, block size, features, and the logical tile width {@code tileN}. Derives the
 * kernel's constexprs the way the seed's wrapper does (queries per KV head padded to at least
 * 16, head size padded to a power of two, a 32-token tile for blocks that are not a power of
 * two).
 */
public record PagedAttentionSpec(
    DType queryDtype,
    DType kvDtype,
    DType outputDtype,
    int numQueryHeads,
    int numKvHeads,
    int headSize,
    int physicalBlockSize,
    int x,
    boolean useAlibi,
    int slidingWindow,
    boolean useSinks,
    boolean filterByQueryLen,
    int tileN) {

  public PagedAttentionSpec {
    require(queryDtype == DType.F16 || queryDtype == DType.BF16 || queryDtype == DType.F32,
        "query dtype " + queryDtype + " is not supported; expected fp16, bf16 or fp32");
    require(kvDtype == queryDtype || kvDtype.isFp8(),
        "kv cache dtype " + kvDtype + " must equal the query dtype (" + queryDtype + ") or be fp8e4m3/fp8e5m2");
    require(outputDtype == queryDtype || outputDtype == DType.FP8E4M3 || outputDtype == DType.FP8E5M2 || outputDtype == DType.F32,
        "output dtype " + outputDtype + " must be the query dtype, fp32 or fp8");
    require(numKvHeads >= 1, "num_kv_heads must be >= 1, got " + numKvHeads);
    require(numQueryHeads >= 1 && numQueryHeads % numKvHeads == 0,
        "num_query_heads (" + numQueryHeads + ") must be a positive multiple of num_kv_heads (" + numKvHeads + ")");
    require(headSize >= 1, "head_size must be >= 1, got " + headSize);
    require(physicalBlockSize >= 1, "block_size must be >= 1, got " + physicalBlockSize);
    require(x >= 1 && headSize % x == 0, "the K cache's last dimension x (" + x + ") must divide head_size (" + headSize + ")");
    require(slidingWindow >= 0, "sliding_window must be >= 0 (0 = off), got " + slidingWindow);
    require(tileN >= 1 && Integer.bitCount(tileN) == 1, "tile width " + tileN + " must be a power of two");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new KgenUserException(message);
    }
  }

  public static int nextPowerOfTwo(int n) {
    return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
  }

  /** The seed's tile: the block itself when it is a power of two, else 32 tokens. */
  public static int defaultTile(int physicalBlockSize) {
    return Integer.bitCount(physicalBlockSize) == 1 ? physicalBlockSize : 32;
  }

  public int queriesPerKv() {
    return numQueryHeads / numKvHeads;
  }

  public int queriesPerKvPadded() {
    return Math.max(nextPowerOfTwo(queriesPerKv()), 16);
  }

  public int headSizePadded() {
    return nextPowerOfTwo(headSize);
  }

  public boolean fp8Output() {
    return outputDtype.isFp8();
  }

  public PagedAttentionSpec withTileN(int t) {
    return new PagedAttentionSpec(queryDtype, kvDtype, outputDtype, numQueryHeads, numKvHeads, headSize,
        physicalBlockSize, x, useAlibi, slidingWindow, useSinks, filterByQueryLen, t);
  }

  /**
   * The strides of caches with no gaps ({@code [blocks, kv_heads, head / x, block, x]} and
   * {@code [blocks, kv_heads, head, block]}), by {@link PagedAttentionKernel#CACHE_STRIDES} name.
   */
  public Map<String, Long> contiguousCacheStrides() {
    long[] k = {(long) numKvHeads * headSize * physicalBlockSize, (long) headSize * physicalBlockSize,
        (long) physicalBlockSize * x, x, 1};
    long[] v = {(long) numKvHeads * headSize * physicalBlockSize, (long) headSize * physicalBlockSize, physicalBlockSize, 1};
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < PagedAttentionKernel.CACHE_STRIDES.size(); i++) {
      m.put(PagedAttentionKernel.CACHE_STRIDES.get(i), i < 5 ? k[i] : v[i - 5]);
    }
    return m;
  }

  /** The constexpr binding of {@link PagedAttentionKernel#DEF}. */
  public Map<String, Object> constexprs() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Q_DTYPE", queryDtype);
    m.put("KV_DTYPE", kvDtype);
    m.put("OUT_DTYPE", outputDtype);
    m.put("num_query_heads", numQueryHeads);
    m.put("num_queries_per_kv", queriesPerKv());
    m.put("num_queries_per_kv_padded", queriesPerKvPadded());
    m.put("BLOCK_SIZE", tileN);
    m.put("PHYSICAL_BLOCK_SIZE", physicalBlockSize);
    m.put("HEAD_SIZE", headSize);
    m.put("HEAD_SIZE_PADDED", headSizePadded());
    m.put("USE_ALIBI_SLOPES", useAlibi);
    m.put("SLIDING_WINDOW", slidingWindow);
    m.put("x", x);
    m.put("filter_by_query_len", filterByQueryLen);
    m.put("USE_SINKS", useSinks);
    m.put("USE_FP8", fp8Output());
    return m;
  }
}
