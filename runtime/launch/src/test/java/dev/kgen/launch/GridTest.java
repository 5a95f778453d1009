package dev.kgen.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GridTest {
  @Test
  void countsPrograms() {
    assertEquals(new Grid(4, 1, 1), Grid.of(4));
    assertEquals(24, Grid.of(2, 3, 4).programs());
    assertEquals("(2, 3, 1)", Grid.of(2, 3).toString());
  }

  @Test
  void emptyAxesAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Grid.of(3, 0));
    assertEquals("grid (3, 0, 1): every axis needs at least 1 program", e.getMessage());
  }
}
