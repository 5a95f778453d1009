package dev.kgen.kernels.paged;

import java.security.SecureRandom;

/** A fresh seed per test run; tests print it in their assertion messages to reproduce. */
final class TestSeeds {
  private static final SecureRandom SOURCE = new SecureRandom();

  private TestSeeds() {}

  static long fresh() {
    return SOURCE.nextLong();
  }
}
