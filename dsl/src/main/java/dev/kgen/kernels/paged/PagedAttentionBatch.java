package dev.kgen.kernels.paged;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The bookkeeping of one batch, without any tensor data: each sequence's context length and
 * query length, where its query rows start, and which physical cache blocks hold its tokens.
 * Cheap to generate even for the largest cases, so byte counts need no tensors. Immutable.
 */
public final class PagedAttentionBatch {
  /** Physical blocks allocated beyond those the sequences use, as in the bench script. */
  public static final int SPARE_BLOCKS = 8;
  /** The query length of a prefill row (a row the decode kernel must skip). */
  public static final int PREFILL_QUERY_LEN = 16;

  private final int blockSize;
  private final int[] seqLens;
  private final int[] queryLens;
  private final int[] queryStartLoc;
  private final int[][] blocks;
  private final int tableColumns;
  private final int numPhysicalBlocks;

  private PagedAttentionBatch(
      int blockSize, int[] seqLens, int[] queryLens, int[][] blocks, int tableColumns, int numPhysicalBlocks) {
    this.blockSize = blockSize;
    this.seqLens = seqLens;
    this.queryLens = queryLens;
    this.blocks = blocks;
    this.tableColumns = tableColumns;
    this.numPhysicalBlocks = numPhysicalBlocks;
    this.queryStartLoc = new int[seqLens.length + 1];
    for (int i = 0; i < seqLens.length; i++) {
      queryStartLoc[i + 1] = queryStartLoc[i] + queryLens[i];
    }
  }

  /**
   * Draws a batch for {@code c} from {@code rng}, in the bench script's order: the sequence
   * lengths (uniform in the range, unless fixed), which rows are prefill chunks (a random
   * {@code round(num_seqs * prefill_frac)} of them, rounding half to even as Python does),
   * then one shuffle of all physical blocks handed out in order, so no two sequences share a
   * block and neighbours in a sequence are scattered.
   */
  public static PagedAttentionBatch generate(PagedAttentionCase c, RandomGenerator rng) {
    int n = c.numSeqs();
    int[] seqLens = new int[n];
    for (int i = 0; i < n; i++) {
      seqLens[i] = c.fixedSeqLen() ? c.seqLenMin() : rng.nextInt(c.seqLenMin(), c.seqLenMax() + 1);
    }
    int[] queryLens = new int[n];
    Arrays.fill(queryLens, 1);
    int prefillRows = (int) Math.rint(n * c.prefillFrac());
    if (prefillRows > 0) {
      int[] order = permutation(n, rng);
      for (int i = 0; i < prefillRows; i++) {
        queryLens[order[i]] = PREFILL_QUERY_LEN;
      }
    }
    int used = 0;
    for (int len : seqLens) {
      used += ceilDiv(len, c.blockSize());
    }
    int numPhysical = used + SPARE_BLOCKS;
    int[] perm = permutation(numPhysical, rng);
    int[][] blocks = new int[n][];
    int next = 0;
    for (int i = 0; i < n; i++) {
      blocks[i] = Arrays.copyOfRange(perm, next, next + ceilDiv(seqLens[i], c.blockSize()));
      next += blocks[i].length;
    }
    return new PagedAttentionBatch(c.blockSize(), seqLens, queryLens, blocks, tableColumns(c, seqLens), numPhysical);
  }

  /**
   * Columns of the block table: enough for the longest sequence, and enough that the kernel's
   * unmasked block-table load for a last logical tile that runs past the sequence stays in
   * the row (it can when the block size is not a power of two and not a multiple of 32). For
   * power-of-two blocks and 544 this is the bench script's ceil(max_seq_len / block).
   */
  private static int tableColumns(PagedAttentionCase c, int[] seqLens) {
    int max = Arrays.stream(seqLens).max().orElse(0);
    long tiled = (long) ceilDiv(max, c.logicalBlockSize()) * c.logicalBlockSize();
    return (int) Math.max(ceilDiv(max, c.blockSize()), (tiled + c.blockSize() - 1) / c.blockSize());
  }

  private static int[] permutation(int n, RandomGenerator rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  public int numSeqs() {
    return seqLens.length;
  }

  public int blockSize() {
    return blockSize;
  }

  public int seqLen(int seq) {
    return seqLens[seq];
  }

  public int[] seqLens() {
    return seqLens.clone();
  }

  public int maxSeqLen() {
    return Arrays.stream(seqLens).max().orElse(0);
  }

  public int queryLen(int seq) {
    return queryLens[seq];
  }

  public int[] queryLens() {
    return queryLens.clone();
  }

  /** The max query length the wrapper takes: above 1, prefill rows exist. */
  public int maxQueryLen() {
    return Arrays.stream(queryLens).max().orElse(0);
  }

  /** Whether sequence {@code seq} is a decode row (query length 1) the kernel computes. */
  public boolean isDecode(int seq) {
    return queryLens[seq] == 1;
  }

  public int numDecodeRows() {
    return (int) Arrays.stream(queryLens).filter(q -> q == 1).count();
  }

  /** {@code query_start_loc}: the first query row of each sequence, then the total. */
  public int[] queryStartLoc() {
    return queryStartLoc.clone();
  }

  /** The first query/output row of sequence {@code seq}. */
  public int firstToken(int seq) {
    return queryStartLoc[seq];
  }

  /** Query rows in all: the sum of the query lengths. */
  public int numTokens() {
    return queryStartLoc[seqLens.length];
  }

  /** The physical block holding logical block {@code logicalBlock} of sequence {@code seq}. */
  public int physicalBlock(int seq, int logicalBlock) {
    return blocks[seq][logicalBlock];
  }

  /** The physical blocks of sequence {@code seq}, in logical order. */
  public int[] blocks(int seq) {
    return blocks[seq].clone();
  }

  /** Columns of the block table ({@code max_num_blocks_per_seq}); unused entries hold 0. */
  public int tableColumns() {
    return tableColumns;
  }

  /** Physical blocks in each cache: those the sequences use plus {@link #SPARE_BLOCKS}. */
  public int numPhysicalBlocks() {
    return numPhysicalBlocks;
  }
}
