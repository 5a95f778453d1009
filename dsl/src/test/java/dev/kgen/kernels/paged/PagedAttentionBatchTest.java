package dev.kgen.kernels.paged;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PagedAttentionBatchTest {
  private static PagedAttentionCase.Builder ragged() {
    return PagedAttentionCase.builder()
        .name("ragged")
        .numSeqs(40)
        .qHeads(8)
        .kvHeads(2)
        .headSize(64)
        .blockSize(16)
        .seqLenRange(1, 300)
        .prefillFrac(0.25);
  }

  @Test
  void seqLensStayInTheRangeAndPrefillRowsAreCounted() {
    long seed = TestSeeds.fresh();
    PagedAttentionBatch b = PagedAttentionBatch.generate(ragged().build(), new SplittableRandom(seed));
    int prefill = 0;
    for (int s = 0; s < b.numSeqs(); s++) {
      assertTrue(b.seqLen(s) >= 1 && b.seqLen(s) <= 300, "seed " + seed);
      assertTrue(b.queryLen(s) == 1 || b.queryLen(s) == 16, "seed " + seed);
      prefill += b.isDecode(s) ? 0 : 1;
    }
    assertEquals(10, prefill, "seed " + seed);
    assertEquals(30, b.numDecodeRows());
    assertEquals(30 + 10 * 16, b.numTokens());
    assertEquals(16, b.maxQueryLen());
    int[] start = b.queryStartLoc();
    assertEquals(41, start.length);
    for (int s = 0; s < b.numSeqs(); s++) {
      assertEquals(start[s] + b.queryLen(s), start[s + 1]);
      assertEquals(start[s], b.firstToken(s));
    }
  }

  @Test
  void prefillCountRoundsHalfToEvenLikePython() {
    PagedAttentionCase.Builder c = ragged().seqLenRange(1, 5);
    assertEquals(2, prefillRows(c.numSeqs(6).build()), "round(1.5) == 2");
    assertEquals(2, prefillRows(c.numSeqs(10).build()), "round(2.5) == 2");
    assertEquals(0, prefillRows(c.numSeqs(10).prefillFrac(0).build()));
  }

  private static int prefillRows(PagedAttentionCase c) {
    PagedAttentionBatch b = PagedAttentionBatch.generate(c, new SplittableRandom(TestSeeds.fresh()));
    return b.numSeqs() - b.numDecodeRows();
  }

  @Test
  void noTwoSequencesShareABlock() {
    long seed = TestSeeds.fresh();
    PagedAttentionBatch b = PagedAttentionBatch.generate(ragged().build(), new SplittableRandom(seed));
    Set<Integer> seen = new HashSet<>();
    int used = 0;
    for (int s = 0; s < b.numSeqs(); s++) {
      int[] blocks = b.blocks(s);
      assertEquals((b.seqLen(s) + 15) / 16, blocks.length, "seed " + seed);
      for (int block : blocks) {
        assertTrue(block >= 0 && block < b.numPhysicalBlocks(), "seed " + seed);
        assertTrue(seen.add(block), "seed " + seed + ": block " + block + " is used twice");
      }
      used += blocks.length;
    }
    assertEquals(used + PagedAttentionBatch.SPARE_BLOCKS, b.numPhysicalBlocks());
    assertEquals((b.maxSeqLen() + 15) / 16, b.tableColumns());
  }

  @Test
  void fixedLengthsAndTheNonPowerOfTwoTable() {
    PagedAttentionCase qwen =
        ragged().seqLen(8192).blockSize(544).headSize(256).prefillFrac(0).numSeqs(3).build();
    PagedAttentionBatch b = PagedAttentionBatch.generate(qwen, new SplittableRandom(TestSeeds.fresh()));
    assertArrayEquals(new int[] {8192, 8192, 8192}, b.seqLens());
    assertEquals(16, b.tableColumns(), "ceil(8192 / 544)");
    // block 24 walked in tiles of 32: a 24-token sequence's one tile reads table column 1
    PagedAttentionCase odd = ragged().seqLen(24).blockSize(24).prefillFrac(0).numSeqs(2).build();
    assertEquals(2, PagedAttentionBatch.generate(odd, new SplittableRandom(1)).tableColumns());
  }

  @Test
  void theSameSeedGivesTheSameBatch() {
    long seed = TestSeeds.fresh();
    PagedAttentionCase c = ragged().build();
    PagedAttentionBatch a = PagedAttentionBatch.generate(c, new SplittableRandom(seed));
    PagedAttentionBatch b = PagedAttentionBatch.generate(c, new SplittableRandom(seed));
    assertArrayEquals(a.seqLens(), b.seqLens(), "seed " + seed);
    assertArrayEquals(a.queryLens(), b.queryLens(), "seed " + seed);
    for (int s = 0; s < a.numSeqs(); s++) {
      assertArrayEquals(a.blocks(s), b.blocks(s), "seed " + seed);
    }
  }
}
