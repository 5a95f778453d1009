package dev.kgen.runtime.jvm;

import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.kernels.paged.PagedAttentionKernel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One paged-attention decode problem built by hand: a specialization and random inputs laid out
 * as vLLM lays them out. Query {@code [tokens, heads, head]}, K cache
 * {@code [blocks, kv_heads, head/x, block, x]}, V cache {@code [blocks, kv_heads, head, block]},
 * int32 block table, sequence lengths and query start offsets; the output is poisoned with NaN,
 * and rows of prefill sequences (query length > 1) must stay so.
 */
final class PagedAttentionCase {
  /** The problem's shape and features. */
  record Spec(DType q, DType kv, DType out, int kvHeads, int queriesPerKv, int queriesPadded, int headSize,
      int headPadded, int block, int physicalBlock, int x, boolean sinks, boolean alibi, int window, boolean fp8Out,
      int seqs, int maxContext) {
    int queryHeads() {
      return kvHeads * queriesPerKv;
    }

    Map<String, Object> constexprs() {
      Map<String, Object> m = new HashMap<>();
      m.put("Q_DTYPE", q);
      m.put("KV_DTYPE", kv);
      m.put("OUT_DTYPE", out);
      m.put("num_query_heads", queryHeads());
      m.put("num_queries_per_kv", queriesPerKv);
      m.put("num_queries_per_kv_padded", queriesPadded);
      m.put("BLOCK_SIZE", block);
      m.put("PHYSICAL_BLOCK_SIZE", physicalBlock);
      m.put("HEAD_SIZE", headSize);
      m.put("HEAD_SIZE_PADDED", headPadded);
      m.put("USE_ALIBI_SLOPES", alibi);
      m.put("SLIDING_WINDOW", window);
      m.put("x", x);
      m.put("filter_by_query_len", true);
      m.put("USE_SINKS", sinks);
      m.put("USE_FP8", fp8Out);
      return m;
    }
  }

  final Spec spec;
  final Kernel kernel;
  final List<Object> args;
  final int[] grid;
  /** Tokens whose output rows the kernel must not write: those of prefill sequences. */
  final List<Integer> prefillTokens = new ArrayList<>();
  final int tokens;
  final int outputStride0;
  final int outputStride1;

  PagedAttentionCase(Spec s, long seed) {
    this.spec = s;
    this.kernel = PagedAttentionKernel.DEF.specialize(s.constexprs());
    Random r = new Random(seed);
    int heads = s.queryHeads();
    int d = s.headSize();

    // every third sequence is a prefill chunk of 2..4 tokens; the others decode one token
    int[] queryStart = new int[s.seqs() + 1];
    int[] seqLens = new int[s.seqs()];
    for (int i = 0; i < s.seqs(); i++) {
      int queryLen = i % 3 == 2 ? 2 + r.nextInt(3) : 1;
      queryStart[i + 1] = queryStart[i] + queryLen;
      seqLens[i] = 1 + r.nextInt(s.maxContext());
      if (queryLen > 1) {
        for (int t = queryStart[i]; t < queryStart[i + 1]; t++) {
          prefillTokens.add(t);
        }
      }
    }
    tokens = queryStart[s.seqs()];

    // block table: each sequence's logical blocks map to shuffled distinct physical blocks
    int maxBlocks = (s.maxContext() + s.physicalBlock() - 1) / s.physicalBlock();
    int numBlocks = s.seqs() * maxBlocks + 3;
    List<Integer> physical = new ArrayList<>();
    for (int b = 0; b < numBlocks; b++) {
      physical.add(b);
    }
    Collections.shuffle(physical, r);
    int[] blockTable = new int[s.seqs() * maxBlocks];
    for (int i = 0; i < blockTable.length; i++) {
      blockTable[i] = physical.get(i);
    }

    // the query rows are padded (stride 1 > head size) to check padding is never read as data
    int queryStride1 = d + 3;
    int queryStride0 = heads * queryStride1;
    outputStride1 = d + 5;
    outputStride0 = heads * outputStride1;
    ByteBuffer query = Buffers.gaussian(s.q(), tokens * queryStride0, 1.0, r);
    ByteBuffer output = Buffers.poisoned(s.out(), tokens * outputStride0);

    int[] k = {0, 0, 0, 0, 1};
    k[3] = s.x();
    k[2] = s.physicalBlock() * s.x();
    k[1] = (d / s.x()) * k[2];
    k[0] = s.kvHeads() * k[1];
    int[] v = {0, 0, 0, 1};
    v[2] = s.physicalBlock();
    v[1] = d * v[2];
    v[0] = s.kvHeads() * v[1];
    double kvScale = s.kv().isFp8() ? 4.0 : 1.0;
    ByteBuffer keyCache = Buffers.gaussian(s.kv(), numBlocks * k[0], kvScale, r);
    ByteBuffer valueCache = Buffers.gaussian(s.kv(), numBlocks * v[0], kvScale, r);

    ByteBuffer sinks = s.sinks() ? Buffers.gaussian(DType.F32, heads, 1.0, r) : null;
    ByteBuffer slopes = null;
    if (s.alibi()) {
      slopes = Buffers.allocate(DType.F32, heads);
      for (int h = 0; h < heads; h++) {
        DType.F32.write(slopes, h, Math.pow(2, -8.0 * (h + 1) / heads));
      }
    }
    ByteBuffer kScale = null;
    ByteBuffer vScale = null;
    if (s.kv().isFp8()) {
      kScale = Buffers.allocate(DType.F32, 1);
      vScale = Buffers.allocate(DType.F32, 1);
      DType.F32.write(kScale, 0, 0.25);
      DType.F32.write(vScale, 0, 0.125);
    }
    ByteBuffer outScaleInv = null;
    if (s.fp8Out()) {
      outScaleInv = Buffers.allocate(DType.F32, 1);
      DType.F32.write(outScaleInv, 0, 8.0);
    }

    args = new ArrayList<>(List.of(output, query, keyCache, valueCache));
    args.add(sinks);
    args.add(Buffers.ints(DType.I32, blockTable));
    args.add(Buffers.ints(DType.I32, seqLens));
    args.add(slopes);
    args.add(Buffers.ints(DType.I32, queryStart));
    args.add(1.0 / Math.sqrt(d));
    args.add(kScale);
    args.add(vScale);
    args.add(outScaleInv);
    args.add((long) maxBlocks);
    args.add((long) queryStride0);
    args.add((long) queryStride1);
    args.add((long) outputStride0);
    args.add((long) outputStride1);
    for (int stride : k) {
      args.add((long) stride);
    }
    for (int stride : v) {
      args.add((long) stride);
    }
    grid = new int[] {s.seqs(), s.kvHeads()};
  }

  /** Problems covering the kernel's features; the first is the plain bf16 decode. */
  static List<Spec> specs() {
    return List.of(
        new Spec(DType.BF16, DType.BF16, DType.BF16, 2, 4, 16, 64, 64, 16, 16, 8, false, false, 0, false, 7, 70),
        new Spec(DType.BF16, DType.BF16, DType.BF16, 3, 3, 4, 48, 64, 8, 24, 8, true, true, 20, false, 6, 90),
        new Spec(DType.F16, DType.FP8E4M3, DType.FP8E4M3, 2, 2, 2, 32, 32, 16, 32, 16, false, false, 0, true, 5, 60),
        new Spec(DType.BF16, DType.FP8E5M2, DType.BF16, 2, 4, 8, 64, 64, 16, 16, 16, false, false, 0, false, 5, 60),
        new Spec(DType.F32, DType.F32, DType.F32, 1, 8, 8, 16, 16, 32, 32, 4, true, false, 0, false, 4, 100));
  }
}
