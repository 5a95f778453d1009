package dev.kgen.examples.paged;

import dev.kgen.launch.ElementType;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A paged KV cache managed in Java, laid out as the paged-attention kernel reads it: a pool of
 * fixed-size blocks, each sequence owning a list of blocks (its row of the block table) that it
 * fills one token at a time, taking a free block whenever its last one is full.
 *
 * <p>K is stored {@code [blocks, kv_heads, head_size / x, block_size, x]} and V {@code [blocks,
 * kv_heads, head_size, block_size]}, with {@code x} elements filling 16 bytes, as vLLM does. An
 * fp8 cache stores {@code fp8(value / scale)}, the kernel multiplies by the scale again.
 *
 * <p>Host memory only, and independent of kgen's DSL: copy the buffers to a device after
 * appending (a serving engine would append on the device instead).
 */
public final class PagedKvCache {
  private static final int X_BYTES = 16;

  private final int numBlocks;
  private final int blockSize;
  private final int kvHeads;
  private final int headSize;
  private final ElementType dtype;
  private final float kScale;
  private final float vScale;
  private final ByteBuffer keys;
  private final ByteBuffer values;
  private final Deque<Integer> free = new ArrayDeque<>();
  private final List<List<Integer>> blocks = new ArrayList<>();
  private final List<Integer> lengths = new ArrayList<>();

  /**
   * @param kScale the K dequantization scale (1 unless {@code dtype} is fp8)
   * @param vScale the V dequantization scale (1 unless {@code dtype} is fp8)
   */
  public PagedKvCache(int numBlocks, int blockSize, int kvHeads, int headSize, ElementType dtype, float kScale,
      float vScale) {
    if (headSize % x(dtype) != 0) {
      throw new IllegalArgumentException("head size " + headSize + " must be a multiple of x = " + x(dtype)
          + " (16 bytes of " + dtype + ")");
    }
    this.numBlocks = numBlocks;
    this.blockSize = blockSize;
    this.kvHeads = kvHeads;
    this.headSize = headSize;
    this.dtype = dtype;
    this.kScale = kScale;
    this.vScale = vScale;
    int elements = Math.multiplyExact(Math.multiplyExact(numBlocks, kvHeads), Math.multiplyExact(headSize, blockSize));
    this.keys = dtype.allocate(elements);
    this.values = dtype.allocate(elements);
    for (int b = 0; b < numBlocks; b++) {
      free.add(b);
    }
  }

  private static int x(ElementType dtype) {
    return X_BYTES / dtype.bytes();
  }

  /** Elements of the K cache's innermost dimension. */
  public int x() {
    return x(dtype);
  }

  public int blockSize() {
    return blockSize;
  }

  public int numBlocks() {
    return numBlocks;
  }

  public ElementType dtype() {
    return dtype;
  }

  public float kScale() {
    return kScale;
  }

  public float vScale() {
    return vScale;
  }

  /** Starts an empty sequence; returns its id. */
  public int addSequence() {
    blocks.add(new ArrayList<>());
    lengths.add(0);
    return blocks.size() - 1;
  }

  /** Tokens in the sequence. */
  public int length(int seq) {
    return lengths.get(seq);
  }

  /** The sequence's physical blocks in order: its row of the block table. */
  public int[] blocks(int seq) {
    return blocks.get(seq).stream().mapToInt(Integer::intValue).toArray();
  }

  /** Blocks not held by any sequence. */
  public int freeBlocks() {
    return free.size();
  }

  /** Appends one token's key and value, {@code [kv_heads][head_size]} each, to the sequence. */
  public void append(int seq, float[][] key, float[][] value) {
    int pos = lengths.get(seq);
    if (pos % blockSize == 0) {
      if (free.isEmpty()) {
        throw new IllegalStateException("the KV cache is full: all " + numBlocks + " blocks are in use;"
            + " release a sequence or make a larger cache");
      }
      blocks.get(seq).add(free.poll());
    }
    int block = blocks.get(seq).get(pos / blockSize);
    int slot = pos % blockSize;
    for (int h = 0; h < kvHeads; h++) {
      for (int d = 0; d < headSize; d++) {
        dtype.write(keys, keyOffset(block, h, d, slot), key[h][d] / kScale);
        dtype.write(values, valueOffset(block, h, d, slot), value[h][d] / vScale);
      }
    }
    lengths.set(seq, pos + 1);
  }

  /** Gives the sequence's blocks back to the pool; the sequence is then empty. */
  public void release(int seq) {
    List<Integer> held = blocks.get(seq);
    for (int i = held.size() - 1; i >= 0; i--) {
      free.push(held.get(i)); // last freed, first reused: a block still warm in a device cache is taken next
    }
    blocks.get(seq).clear();
    lengths.set(seq, 0);
  }

  private long keyOffset(int block, int h, int d, int slot) {
    long[] s = keyStrides();
    return block * s[0] + h * s[1] + (d / x()) * s[2] + slot * s[3] + (d % x()) * s[4];
  }

  private long valueOffset(int block, int h, int d, int slot) {
    long[] s = valueStrides();
    return block * s[0] + h * s[1] + d * s[2] + slot * s[3];
  }

  /** Element {@code d} of the key at {@code pos} as the kernel sees it: stored, times the scale. */
  public double key(int seq, int h, int pos, int d) {
    return dtype.read(keys, keyOffset(blocks.get(seq).get(pos / blockSize), h, d, pos % blockSize)) * kScale;
  }

  /** Like {@link #key} for the value. */
  public double value(int seq, int h, int pos, int d) {
    return dtype.read(values, valueOffset(blocks.get(seq).get(pos / blockSize), h, d, pos % blockSize)) * vScale;
  }

  /** The K cache's bytes (shared). */
  public ByteBuffer keyCache() {
    return keys.duplicate().order(keys.order());
  }

  /** The V cache's bytes (shared). */
  public ByteBuffer valueCache() {
    return values.duplicate().order(values.order());
  }

  public long[] keyShape() {
    return new long[] {numBlocks, kvHeads, headSize / x(), blockSize, x()};
  }

  /** Row-major strides of {@link #keyShape()}, in elements. */
  public long[] keyStrides() {
    return new long[] {(long) kvHeads * headSize * blockSize, (long) headSize * blockSize, (long) blockSize * x(), x(), 1};
  }

  public long[] valueShape() {
    return new long[] {numBlocks, kvHeads, headSize, blockSize};
  }

  public long[] valueStrides() {
    return new long[] {(long) kvHeads * headSize * blockSize, (long) headSize * blockSize, blockSize, 1};
  }

  /** Columns of the block table for these sequences: the most blocks any of them holds. */
  public int tableColumns(int[] seqs) {
    int max = 1;
    for (int s : seqs) {
      max = Math.max(max, blocks.get(s).size());
    }
    return max;
  }

  /** The int32 block table {@code [seqs.length, tableColumns(seqs)]}; unused entries are 0. */
  public ByteBuffer blockTable(int[] seqs) {
    int columns = tableColumns(seqs);
    ByteBuffer t = ElementType.I32.allocate(seqs.length * columns);
    for (int i = 0; i < seqs.length; i++) {
      List<Integer> row = blocks.get(seqs[i]);
      for (int j = 0; j < row.size(); j++) {
        t.putInt((i * columns + j) * 4, row.get(j));
      }
    }
    return t;
  }

  /** The int32 sequence lengths of these sequences. */
  public ByteBuffer seqLens(int[] seqs) {
    ByteBuffer t = ElementType.I32.allocate(seqs.length);
    for (int i = 0; i < seqs.length; i++) {
      t.putInt(i * 4, lengths.get(seqs[i]));
    }
    return t;
  }
}
