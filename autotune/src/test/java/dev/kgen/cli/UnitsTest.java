package dev.kgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnitsTest {
  @Test
  void picksAReadableUnit() {
    assertEquals("850 ns", Units.seconds(8.5e-7));
    assertEquals("12.3 us", Units.seconds(1.234e-5));
    assertEquals("1.50 ms", Units.seconds(1.5e-3));
    assertEquals("2.00 s", Units.seconds(2));
    assertEquals("1.52x", Units.speedup(1.5234));
    assertEquals("1450.3 GB/s", Units.gigabytesPerSecond(1450.25));
  }
}
