package dev.kgen.autotune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuantilesTest {
  @Test
  void interpolatesBetweenRanks() {
    double[] s = {4, 1, 3, 2};
    assertEquals(2.5, Quantiles.median(s));
    assertEquals(1.75, Quantiles.quantile(s, 0.25));
    assertEquals(3.25, Quantiles.quantile(s, 0.75));
    assertEquals(1.5 / 2.5, Quantiles.relativeSpread(s), 1e-12);
    assertEquals(4, Quantiles.quantile(s, 1));
  }

  @Test
  void relativeSpreadIgnoresASingleOutlier() {
    double[] s = {1, 1, 1, 1, 1, 1, 1, 50};
    assertEquals(1, Quantiles.median(s));
    assertEquals(0, Quantiles.relativeSpread(s));
    assertEquals(0, Quantiles.relativeSpread(new double[] {0, 0}));
  }
}
