package dev.kgen.autotune.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeBucketsTest {
  @Test
  void roundsUpToPowersOfTwo() {
    assertEquals(1, ShapeBuckets.bucketOf("batch", 1));
    assertEquals(2, ShapeBuckets.bucketOf("batch", 2));
    assertEquals(4, ShapeBuckets.bucketOf("batch", 3));
    assertEquals(64, ShapeBuckets.bucketOf("batch", 33));
    assertEquals(64, ShapeBuckets.bucketOf("batch", 64));
    assertEquals(128, ShapeBuckets.bucketOf("batch", 65));
    assertEquals(1L << 62, ShapeBuckets.bucketOf("batch", (1L << 61) + 1));
    assertTrue(ShapeBuckets.isBucket(1024));
    assertFalse(ShapeBuckets.isBucket(1000));
  }

  @Test
  void rejectsSizesWithoutABucket() {
    assertEquals(
        "shape seq_len must be >= 1 to be bucketed, got 0",
        assertThrows(IllegalArgumentException.class, () -> ShapeBuckets.bucketOf("seq_len", 0)).getMessage());
  }
}
