package dev.kgen.runtime.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kgen.ir.DType;
import dev.kgen.kernels.paged.PagedAttentionCase;
import dev.kgen.kernels.paged.PagedAttentionInputs;
import dev.kgen.runtime.interp.InterpreterBackend;
import org.junit.jupiter.api.Test;

/** How many partitions a split call launches per sequence (their results: {@link PagedAttentionSuite}). */
class PagedAttentionPartitionsTest {
  private static int maxPartitions(int window, int tile, int partitionTiles) {
    PagedAttentionCase c = PagedAttentionCase.builder().name("partitions").numSeqs(2).qHeads(4).kvHeads(1).headSize(32)
        .blockSize(16).seqLenRange(300, 300).dtype(DType.BF16).kvCacheDtype("auto").window(window).build();
    try (InterpreterBackend b = new InterpreterBackend(); PagedAttention pa = PagedAttention.untuned(b);
        PagedAttentionHarness h = new PagedAttentionHarness(b, PagedAttentionInputs.generate(c, 1))) {
      return pa.prepare(h.args()).maxPartitions(new PagedAttentionConfig(tile, 128, 4, 1, partitionTiles));
    }
  }

  @Test
  void partitionsCoverTheWholeSequenceWithoutAWindow() {
    assertEquals(19, maxPartitions(0, 16, 1), "300 tokens: 19 tiles of 16");
    assertEquals(7, maxPartitions(0, 16, 3));
  }

  @Test
  void partitionsCoverOnlyTheTilesOfTheWindow() {
    // 37 tokens touch at most 4 tiles of 16: ceil(37 / 16) + 1
    assertEquals(4, maxPartitions(37, 16, 1));
    assertEquals(2, maxPartitions(37, 16, 3));
    assertEquals(19, maxPartitions(1000, 16, 1), "a window longer than the sequence bounds nothing");
  }
}
