package dev.kgen.runtime.paged;

import dev.kgen.errors.KgenUserException;
import dev.kgen.ir.DType;
import dev.kgen.kernels.paged.KvCacheDtype;
import dev.kgen.kernels.paged.PagedAttentionSpec;
import dev.kgen.runtime.Tensor;
import java.util.Arrays;

/**
 * Checks a call's tensors against each other, as the seed's wrapper assumes them, and derives
 * the compile-time {@link PagedAttentionSpec}. Every message names the argument, what it was
 * and what was expected.
 */
final class PagedAttentionValidator {
  private PagedAttentionValidator() {}

  static DType kvDtype(String kvCacheDtype, DType queryDtype) {
    try {
      return KvCacheDtype.parse(kvCacheDtype).storage(queryDtype);
    } catch (IllegalArgumentException e) {
      throw new KgenUserException(e.getMessage());
    }
  }

  static PagedAttentionSpec validate(PagedAttentionArgs a, int tileN) {
    Tensor q = a.query();
    rank("query", q, 3, "[tokens, query_heads, head_size]");
    long tokens = q.dim(0);
    int qHeads = (int) q.dim(1);
    int headSize = (int) q.dim(2);
    innerContiguous("query", q);
    Tensor out = a.output();
    rank("output", out, 3, "[tokens, query_heads, head_size]");
    if (!Arrays.equals(out.shape(), q.shape())) {
      throw new KgenUserException("output has shape " + Arrays.toString(out.shape()) + ", expected the query's "
          + Arrays.toString(q.shape()));
    }
    innerContiguous("output", out);

    DType kv = kvDtype(a.kvCacheDtype(), q.dtype());
    Tensor kc = a.keyCache();
    Tensor vc = a.valueCache();
    rank("key_cache", kc, 5, "[blocks, kv_heads, head_size/x, block_size, x]");
    rank("value_cache", vc, 4, "[blocks, kv_heads, head_size, block_size]");
    dtype("key_cache", kc, kv, "kv_cache_dtype '" + a.kvCacheDtype() + "'");
    dtype("value_cache", vc, kv, "kv_cache_dtype '" + a.kvCacheDtype() + "'");
    int kvHeads = (int) kc.dim(1);
    int x = (int) kc.dim(4);
    int block = (int) vc.dim(3);
    expect(vc.dim(1) == kvHeads, "value_cache has " + vc.dim(1) + " kv heads, key_cache " + kvHeads);
    expect(kc.dim(2) * x == headSize, "key_cache dims 2 and 4 (" + kc.dim(2) + " x " + x + ") must multiply to head_size "
        + headSize);
    expect(vc.dim(2) == headSize, "value_cache dim 2 is " + vc.dim(2) + ", expected head_size " + headSize);
    expect(kc.dim(3) == block, "key_cache block size " + kc.dim(3) + " differs from value_cache's " + block);
    expect(kc.dim(0) == vc.dim(0), "key_cache has " + kc.dim(0) + " blocks, value_cache " + vc.dim(0));
    expect(kvHeads >= 1 && qHeads % kvHeads == 0,
        "query heads (" + qHeads + ") must be a multiple of kv heads (" + kvHeads + ")");

    Tensor seqLens = a.seqLens();
    rank("seq_lens", seqLens, 1, "[seqs]");
    dtype("seq_lens", seqLens, DType.I32, "int32");
    long seqs = seqLens.dim(0);
    Tensor qsl = a.queryStartLoc();
    rank("query_start_loc", qsl, 1, "[seqs + 1]");
    dtype("query_start_loc", qsl, DType.I32, "int32");
    expect(qsl.dim(0) == seqs + 1, "query_start_loc has " + qsl.dim(0) + " entries, expected seqs + 1 = " + (seqs + 1));
    Tensor bt = a.blockTable();
    rank("block_table", bt, 2, "[seqs, max_blocks_per_seq]");
    dtype("block_table", bt, a.isBlockTablePtr() ? DType.I64 : DType.I32,
        a.isBlockTablePtr() ? "int64 addresses (is_block_table_ptr)" : "int32 block indices");
    expect(bt.dim(0) >= seqs, "block_table has " + bt.dim(0) + " rows for " + seqs + " sequences");
    innerContiguous("block_table", bt);
    expect(tokens >= seqs, "query has " + tokens + " tokens for " + seqs + " sequences; each sequence needs at least one");

    scalarF32("k_scale", a.kScale());
    scalarF32("v_scale", a.vScale());
    scalarF32("output_scale", a.outputScale());
    perHead("alibi_slopes", a.alibiSlopes(), qHeads);
    perHead("sinks", a.sinks(), qHeads);

    DType outDtype = out.dtype();
    if (a.outputScale() != null) {
      expect(outDtype.isFp8(), "output_scale is given, so output must be fp8 (fp8e4m3 or fp8e5m2), got " + outDtype);
    } else {
      expect(outDtype == q.dtype(), "output dtype " + outDtype + " must equal the query's " + q.dtype()
          + " (fp8 output needs output_scale)");
    }
    return new PagedAttentionSpec(q.dtype(), kv, outDtype, qHeads, kvHeads, headSize, block, x,
        a.alibiSlopes() != null, a.slidingWindow(), a.sinks() != null, true, tileN);
  }

  private static void expect(boolean ok, String message) {
    if (!ok) {
      throw new KgenUserException(message);
    }
  }

  private static void rank(String name, Tensor t, int rank, String layout) {
    expect(t.rank() == rank, name + " must be " + rank + "-D " + layout + ", got shape " + Arrays.toString(t.shape()));
  }

  private static void dtype(String name, Tensor t, DType want, String because) {
    expect(t.dtype() == want, name + " is " + t.dtype() + ", expected " + want + " for " + because);
  }

  private static void innerContiguous(String name, Tensor t) {
    expect(t.stride(t.rank() - 1) == 1, name + " must be contiguous in its last dimension, stride is "
        + t.stride(t.rank() - 1));
  }

  private static void scalarF32(String name, Tensor t) {
    if (t != null) {
      expect(t.numel() >= 1 && t.dtype() == DType.F32, name + " must be a one-element fp32 tensor, got " + t.describe());
    }
  }

  private static void perHead(String name, Tensor t, int qHeads) {
    if (t != null) {
      expect(t.rank() == 1 && t.dim(0) == qHeads && t.dtype() == DType.F32,
          name + " must be fp32[" + qHeads + "] (one per query head), got " + t.describe());
    }
  }
}
