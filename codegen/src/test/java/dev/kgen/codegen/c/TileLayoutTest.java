package dev.kgen.codegen.c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.ir.Shape;
import org.junit.jupiter.api.Test;

class TileLayoutTest {
  @Test
  void everyElementHasExactlyOneOwnerAndSlot() {
    int[][] shapes = {{16}, {16, 1}, {1, 128}, {16, 128}, {128, 16}, {6, 10}, {3}, {256, 32}, {2, 3, 8}};
    for (int threads : new int[] {32, 128, 1024}) {
      for (int vector : new int[] {1, 2, 4, 8}) {
        for (int[] dims : shapes) {
          Shape s = Shape.of(dims);
          TileLayout l = TileLayout.of(s, new CodegenOptions(threads, vector));
          int[] owners = new int[s.numel()];
          int phantoms = 0;
          for (int t = 0; t < threads; t++) {
            for (int slot = 0; slot < l.slots(); slot++) {
              int e = l.element(t, slot);
              if (e < s.numel()) {
                owners[e]++;
              } else {
                phantoms++;
              }
            }
          }
          for (int e = 0; e < owners.length; e++) {
            assertEquals(1, owners[e], "element " + e + " of " + s + " with " + l);
          }
          assertEquals(phantoms > 0, l.hasPhantoms(), l.toString());
        }
      }
    }
  }

  @Test
  void theRunIsTheLargestPowerOfTwoUpToTheWidthDividingTheInnerDimension() {
    CodegenOptions o = new CodegenOptions(128, 8);
    assertEquals(8, TileLayout.of(Shape.of(16, 128), o).vector());
    assertEquals(2, TileLayout.of(Shape.of(512, 6), o).vector());
    assertEquals(1, TileLayout.of(Shape.of(16, 1), o).vector());
    assertEquals(1, TileLayout.of(Shape.of(5), o).vector());
    TileLayout l = TileLayout.of(Shape.of(16, 128), new CodegenOptions(128, 4));
    assertEquals(4, l.chunks());
    assertEquals(16, l.slots());
    assertFalse(l.hasPhantoms());
  }

  @Test
  void theElementExpressionMatchesTheFormula() {
    assertEquals("tid", TileLayout.of(Shape.of(16, 1), CodegenOptions.DEFAULT).elementExpr("i", "tid"));
    assertEquals("tid * 4 + i", TileLayout.of(Shape.of(512), CodegenOptions.DEFAULT).elementExpr("i", "tid"));
    assertEquals("i * 128 + tid", TileLayout.of(Shape.of(300, 1), CodegenOptions.DEFAULT).elementExpr("i", "tid"));
    assertEquals("(i / 4 * 128 + tid) * 4 + i % 4",
        TileLayout.of(Shape.of(16, 128), CodegenOptions.DEFAULT).elementExpr("i", "tid"));
  }

  @Test
  void smallTilesNarrowTheRunToOccupyMoreThreads() {
    CodegenOptions o = CodegenOptions.DEFAULT; // 128 threads, runs of 4
    TileLayout row = TileLayout.of(Shape.of(16), o);
    assertEquals(1, row.vector());
    assertEquals(1, row.slots());
    assertTrue(row.sameDistribution(TileLayout.of(Shape.of(16, 1), o)), "expand_dims of a row needs no code");
    assertEquals(2, TileLayout.of(Shape.of(16, 16), o).vector());
    assertEquals(4, TileLayout.of(Shape.of(16, 128), o).vector());
  }

  @Test
  void layoutsCompareByDistribution() {
    CodegenOptions o = CodegenOptions.DEFAULT;
    assertTrue(TileLayout.of(Shape.of(128), o).sameDistribution(TileLayout.of(Shape.of(1, 128), o)));
    assertFalse(TileLayout.of(Shape.of(512), o).sameDistribution(TileLayout.of(Shape.of(512, 1), o)));
    assertThrows(IllegalArgumentException.class, () -> TileLayout.of(Shape.SCALAR, o));
  }
}
