package dev.kgen.autotune.cache;

/**
 * Rounds run-time sizes up to powers of two, so that one tuning serves every batch size or
 * sequence length of the same bucket (e.g. 33..64) instead of one tuning per exact size.
 */
public final class ShapeBuckets {
  private ShapeBuckets() {}

  /** The smallest power of two >= size; size must be >= 1. */
  public static long bucketOf(String dimension, long size) {
    if (size < 1) {
      throw new IllegalArgumentException(
          "shape " + dimension + " must be >= 1 to be bucketed, got " + size);
    }
    if (size > (1L << 62)) {
      throw new IllegalArgumentException(
          "shape " + dimension + "=" + size + " is too large to round up to a power of two");
    }
    return size == 1 ? 1 : Long.highestOneBit(size - 1) << 1;
  }

  public static boolean isBucket(long value) {
    return value >= 1 && Long.bitCount(value) == 1;
  }
}
