package dev.kgen.kernels.paged;

import dev.kgen.ir.DType;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The host data of one case, generated from an explicit seed the way the bench script does:
 * query ~ N(0, 1) in the dtype; K cache {@code [num_blocks, kv_heads, head_size/x, block, x]}
 * and V cache {@code [num_blocks, kv_heads, head_size, block]} ~ N(0, 0.5), stored as
 * {@code fp8(value / scale)} with k_scale 0.05 and v_scale 0.04 for an fp8 cache (else
 * scales 1); sinks ~ N(0, 1) and ALiBi slopes ~ U(0, 0.1), f32 per query head.
 *
 * <p>All buffers are little-endian heap buffers; strides are in elements. With
 * {@link PagedAttentionCase#paddedStrides()} every non-innermost dimension is followed by
 * 16 bytes of padding, filled with NaN (0 in the block table): a kernel that reads padding
 * produces NaN. The same seed gives the same logical values with and without padding.
 *
 * <p>Generation draws, in order: the batch ({@link PagedAttentionBatch#generate}), the query,
 * one split generator per K block, one per V block (the blocks are then filled in parallel,
 * deterministically), the sinks, the slopes.
 */
public final class PagedAttentionInputs {
  /** Per-tensor scales of an fp8 cache, as in the bench script. */
  public static final float FP8_K_SCALE = 0.05f;

  public static final float FP8_V_SCALE = 0.04f;
  /** Padding after each non-innermost dimension with padded strides. */
  static final int PAD_BYTES = 16;

  private static final int BLOCK_TABLE_PAD = 4;

  private final PagedAttentionCase c;
  private final long seed;
  private final PagedAttentionBatch batch;
  private final HostTensor query;
  private final HostTensor keyCache;
  private final HostTensor valueCache;
  private final HostTensor blockTable;
  private final HostTensor seqLens;
  private final HostTensor queryStartLoc;
  private final HostTensor sinks;
  private final HostTensor alibiSlopes;
  private final HostTensor kScale;
  private final HostTensor vScale;
  private final HostTensor outScaleInv;
  private final TensorLayout outputLayout;

  private PagedAttentionInputs(PagedAttentionCase c, long seed) {
    this.c = c;
    this.seed = seed;
    SplittableRandom rng = new SplittableRandom(seed);
    this.batch = PagedAttentionBatch.generate(c, rng);
    int tokens = batch.numTokens();
    int blocks = batch.numPhysicalBlocks();
    DType cache = c.cacheDType();

    this.query = tensor(c.dtype(), tokens, c.qHeads(), c.headSize());
    fillGaussian(query, rng, 1.0f);
    this.keyCache = tensor(cache, blocks, c.kvHeads(), c.headSize() / c.x(), c.blockSize(), c.x());
    fillCache(keyCache, rng, c.kvCacheDtype().isFp8() ? FP8_K_SCALE : 1.0f);
    this.valueCache = tensor(cache, blocks, c.kvHeads(), c.headSize(), c.blockSize());
    fillCache(valueCache, rng, c.kvCacheDtype().isFp8() ? FP8_V_SCALE : 1.0f);
    this.sinks = c.sinks() ? contiguous(DType.F32, c.qHeads()) : null;
    if (sinks != null) {
      fillGaussian(sinks, rng, 1.0f);
    }
    this.alibiSlopes = c.alibi() ? contiguous(DType.F32, c.qHeads()) : null;
    if (alibiSlopes != null) {
      for (int h = 0; h < c.qHeads(); h++) {
        alibiSlopes.writeOffset(h, rng.nextFloat() * 0.1f);
      }
    }

    this.blockTable = blockTable(c, batch);
    this.seqLens = ints(batch.seqLens());
    this.queryStartLoc = ints(batch.queryStartLoc());
    this.kScale = scalar(c.kvCacheDtype().isFp8() ? FP8_K_SCALE : 1.0f);
    this.vScale = scalar(c.kvCacheDtype().isFp8() ? FP8_V_SCALE : 1.0f);
    this.outScaleInv = scalar(c.outScaleInv());
    this.outputLayout = layout(c.outputDType(), tokens, c.qHeads(), c.headSize());
  }

  /** The inputs of {@code c} drawn from {@code new SplittableRandom(seed)}. */
  public static PagedAttentionInputs generate(PagedAttentionCase c, long seed) {
    return new PagedAttentionInputs(c, seed);
  }

  // ---- generation ----

  private TensorLayout layout(DType dtype, long... shape) {
    return c.paddedStrides()
        ? TensorLayout.padded(dtype, shape, PAD_BYTES / dtype.bytes())
        : TensorLayout.contiguous(dtype, shape);
  }

  /** A tensor whose padding, if any, is NaN. */
  private HostTensor tensor(DType dtype, long... shape) {
    return HostTensor.allocate(layout(dtype, shape), c.paddedStrides() ? Double.NaN : 0.0);
  }

  private static HostTensor contiguous(DType dtype, long... shape) {
    return HostTensor.allocate(TensorLayout.contiguous(dtype, shape), 0.0);
  }

  private static HostTensor ints(int[] values) {
    HostTensor t = contiguous(DType.I32, values.length);
    for (int i = 0; i < values.length; i++) {
      t.writeOffset(i, values[i]);
    }
    return t;
  }

  private static HostTensor scalar(float value) {
    HostTensor t = contiguous(DType.F32, 1);
    t.writeOffset(0, value);
    return t;
  }

  private HostTensor blockTable(PagedAttentionCase c, PagedAttentionBatch b) {
    long[] shape = {b.numSeqs(), b.tableColumns()};
    TensorLayout l =
        c.paddedStrides()
            ? TensorLayout.padded(DType.I32, shape, BLOCK_TABLE_PAD)
            : TensorLayout.contiguous(DType.I32, shape);
    HostTensor t = HostTensor.allocate(l, 0);
    for (int s = 0; s < b.numSeqs(); s++) {
      int[] row = b.blocks(s);
      for (int j = 0; j < row.length; j++) {
        t.set(row[j], s, j);
      }
    }
    return t;
  }

  /** Every element of {@code t}, in logical row-major order: f32 N(0, 1) * std, rounded. */
  private static void fillGaussian(HostTensor t, SplittableRandom rng, float std) {
    forEachOffset(t.layout(), 0, off -> t.writeOffset(off, (float) rng.nextGaussian() * std));
  }

  /**
   * A cache tensor (dimension 0 = physical block): f32 N(0, 0.5), then stored as
   * {@code dtype(value)} or, with an fp8 scale, {@code fp8(value / scale)} in f32 as torch.
   */
  private static void fillCache(HostTensor t, SplittableRandom rng, float fp8Scale) {
    int blocks = (int) t.layout().shape(0);
    SplittableRandom[] perBlock = new SplittableRandom[blocks];
    for (int b = 0; b < blocks; b++) {
      perBlock[b] = rng.split();
    }
    boolean fp8 = t.dtype().isFp8();
    long blockStride = t.layout().stride(0);
    IntStream.range(0, blocks)
        .parallel()
        .forEach(
            b -> {
              SplittableRandom r = perBlock[b];
              forEachOffset(
                  t.layout(),
                  1,
                  off -> {
                    float v = (float) r.nextGaussian() * 0.5f;
                    t.writeOffset(b * blockStride + off, fp8 ? v / fp8Scale : v);
                  });
            });
  }

  interface OffsetConsumer {
    void accept(long offset);
  }

  /** Visits the element offsets of dimensions {@code from..rank-1} in row-major order. */
  static void forEachOffset(TensorLayout l, int from, OffsetConsumer body) {
    visit(l, from, 0, body);
  }

  private static void visit(TensorLayout l, int dim, long base, OffsetConsumer body) {
    long n = l.shape(dim);
    long stride = l.stride(dim);
    if (dim == l.rank() - 1) {
      for (long i = 0; i < n; i++) {
        body.accept(base + i * stride);
      }
      return;
    }
    for (long i = 0; i < n; i++) {
      visit(l, dim + 1, base + i * stride, body);
    }
  }

  // ---- the case and the batch ----

  public PagedAttentionCase testCase() {
    return c;
  }

  public long seed() {
    return seed;
  }

  public PagedAttentionBatch batch() {
    return batch;
  }

  // ---- tensors, as the kernel takes them ----

  /** {@code [num_tokens, q_heads, head_size]} in the dtype. */
  public HostTensor query() {
    return query;
  }

  /** {@code [num_blocks, kv_heads, head_size / x, block_size, x]} in the cache dtype. */
  public HostTensor keyCache() {
    return keyCache;
  }

  /** {@code [num_blocks, kv_heads, head_size, block_size]} in the cache dtype. */
  public HostTensor valueCache() {
    return valueCache;
  }

  /** int32 {@code [num_seqs, max_blocks_per_seq]}; entries past a sequence's blocks are 0. */
  public HostTensor blockTable() {
    return blockTable;
  }

  /** int32 {@code [num_seqs]}. */
  public HostTensor seqLens() {
    return seqLens;
  }

  /** int32 {@code [num_seqs + 1]}. */
  public HostTensor queryStartLoc() {
    return queryStartLoc;
  }

  /** f32 {@code [q_heads]}, or null without sinks. */
  public HostTensor sinks() {
    return sinks;
  }

  /** f32 {@code [q_heads]}, or null without ALiBi. */
  public HostTensor alibiSlopes() {
    return alibiSlopes;
  }

  /** One f32: the K dequantization scale (1 unless the cache is fp8). */
  public ByteBuffer kScale() {
    return kScale.buffer();
  }

  /** One f32: the V dequantization scale (1 unless the cache is fp8). */
  public ByteBuffer vScale() {
    return vScale.buffer();
  }

  /** One f32: 1 / output_scale for an fp8 output, else 1. */
  public ByteBuffer outScaleInv() {
    return outScaleInv.buffer();
  }

  public float kScaleValue() {
    return (float) kScale.readOffset(0);
  }

  public float vScaleValue() {
    return (float) vScale.readOffset(0);
  }

  public float outScaleInvValue() {
    return (float) outScaleInv.readOffset(0);
  }

  // ---- strides, in elements ----

  public long[] queryStrides() {
    return query.strides();
  }

  public long[] outputStrides() {
    return outputLayout.strides();
  }

  public long[] keyCacheStrides() {
    return keyCache.strides();
  }

  public long[] valueCacheStrides() {
    return valueCache.strides();
  }

  /** The block table's row stride ({@code block_table.stride(0)}). */
  public long blockTableStride() {
    return blockTable.layout().stride(0);
  }

  // ---- the output ----

  /** {@code [num_tokens, q_heads, head_size]} in the output dtype, padded like the query. */
  public TensorLayout outputLayout() {
    return outputLayout;
  }

  /**
   * A fresh output buffer with every element, padding included, set to {@code poison} (NaN
   * for a float output), so that elements the kernel must not write can be checked.
   */
  public ByteBuffer newOutput(double poison) {
    return outputLayout.allocate(poison);
  }

  // ---- the block table as pointers ----

  /** Bytes from one physical block of the K cache to the next: stride(0) * element size. */
  public long blockByteStride() {
    return keyCache.layout().stride(0) * c.cacheDType().bytes();
  }

  /**
   * The block table as int64 addresses {@code baseAddress + index * blockByteStride()}, same
   * shape and strides as {@link #blockTable()}; {@code baseAddress} is where the K cache
   * lives on the device. Unused entries point at block 0.
   */
  public ByteBuffer blockTableAsPointers(long baseAddress) {
    return BlockTablePointers.fromIndices(blockTable, baseAddress, blockByteStride()).buffer();
  }

  // ---- logical views, for references and tests ----

  /** Query element {@code d} of head {@code head} of query row {@code token}, as stored. */
  public double queryAt(int token, int head, int d) {
    return query.get(token, head, d);
  }

  /**
   * Element {@code d} of key {@code pos} of sequence {@code seq} and KV head {@code kvHead},
   * as the kernel sees it: found through the block table, times k_scale for an fp8 cache.
   */
  public double keyAt(int seq, int kvHead, int pos, int d) {
    int x = c.x();
    int block = batch.physicalBlock(seq, pos / c.blockSize());
    double stored = keyCache.get(block, kvHead, d / x, pos % c.blockSize(), d % x);
    return c.kvCacheDtype().isFp8() ? stored * kScaleValue() : stored;
  }

  /** Like {@link #keyAt} for the V cache and v_scale. */
  public double valueAt(int seq, int kvHead, int pos, int d) {
    int block = batch.physicalBlock(seq, pos / c.blockSize());
    double stored = valueCache.get(block, kvHead, d, pos % c.blockSize());
    return c.kvCacheDtype().isFp8() ? stored * vScaleValue() : stored;
  }
}
