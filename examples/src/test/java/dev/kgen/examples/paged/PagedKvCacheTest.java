package dev.kgen.examples.paged;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kgen.launch.ElementType;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PagedKvCacheTest {
  private static float[][] token(float value) {
    float[][] t = new float[2][32];
    for (float[] h : t) {
      java.util.Arrays.fill(h, value);
    }
    return t;
  }

  @Test
  void sequencesTakeBlocksAsTheyGrowAndReuseFreedOnesFirst() {
    PagedKvCache cache = new PagedKvCache(6, 4, 2, 32, ElementType.BF16, 1, 1);
    int a = cache.addSequence();
    int b = cache.addSequence();
    for (int t = 0; t < 5; t++) {
      cache.append(a, token(t), token(-t));
    }
    cache.append(b, token(9), token(9));
    assertArrayEquals(new int[] {0, 1}, cache.blocks(a));
    assertArrayEquals(new int[] {2}, cache.blocks(b));
    cache.release(a);
    assertEquals(0, cache.length(a));
    for (int t = 0; t < 4; t++) {
      cache.append(b, token(t), token(t));
    }
    assertArrayEquals(new int[] {2, 0}, cache.blocks(b), "the last freed block is taken first");
    assertEquals(3.0, cache.key(b, 1, 4, 31));
    assertEquals(9.0, cache.value(b, 0, 0, 7));
  }

  @Test
  void theLayoutIsTheKernels() {
    PagedKvCache cache = new PagedKvCache(3, 16, 2, 64, ElementType.FP8E4M3, 0.5f, 0.25f);
    assertEquals(16, cache.x());
    assertArrayEquals(new long[] {3, 2, 4, 16, 16}, cache.keyShape());
    assertArrayEquals(new long[] {2048, 1024, 256, 16, 1}, cache.keyStrides());
    assertArrayEquals(new long[] {2048, 1024, 16, 1}, cache.valueStrides());
    int s = cache.addSequence();
    float[][] k = new float[2][64];
    k[1][20] = 3;
    cache.append(s, k, new float[2][64]);
    // d = 20 sits in x-group 1, lane 4, of slot 0 of KV head 1, stored as 3 / 0.5
    assertEquals(6.0, ElementType.FP8E4M3.read(cache.keyCache(), 1024 + 256 + 4));
    assertEquals(3.0, cache.key(s, 1, 0, 20));
  }

  @Test
  void theBlockTablePadsShortRowsWithZeros() {
    PagedKvCache cache = new PagedKvCache(4, 2, 1, 16, ElementType.FP32, 1, 1);
    int a = cache.addSequence();
    int b = cache.addSequence();
    for (int t = 0; t < 3; t++) {
      cache.append(a, new float[1][16], new float[1][16]);
    }
    cache.append(b, new float[1][16], new float[1][16]);
    ByteBuffer table = cache.blockTable(new int[] {b, a});
    assertEquals(2, cache.tableColumns(new int[] {b, a}));
    assertArrayEquals(new int[] {2, 0, 0, 1}, new int[] {table.getInt(0), table.getInt(4), table.getInt(8), table.getInt(12)});
    assertEquals(1, cache.seqLens(new int[] {b, a}).getInt(0));
  }

  @Test
  void aFullCacheSaysWhatToDo() {
    PagedKvCache cache = new PagedKvCache(1, 1, 1, 16, ElementType.FP32, 1, 1);
    int s = cache.addSequence();
    cache.append(s, new float[1][16], new float[1][16]);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> cache.append(s, new float[1][16], new float[1][16]));
    assertEquals("the KV cache is full: all 1 blocks are in use; release a sequence or make a larger cache", e.getMessage());
  }
}
