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

  /**
   * The invariant the warp reductions rely on ({@link WarpReduction}, {@link ReplicatedRows}): in
   * the rows of a parent, slot c of thread t names the row of every element of the parent's
   * chunk c in t, and a row's holders in one chunk are exactly the lanes a butterfly over
   * {@code replicas} lanes combines.
   */
  @Test
  void rowsOfAParentNameTheRowOfEachChunkAndItsButterflyGroup() {
    int[][] cases = {{16, 64, 128, 8}, {16, 64, 64, 8}, {16, 128, 128, 4}, {16, 128, 128, 8}, {4, 32, 128, 4}, {8, 256, 256, 8}};
    for (int[] c : cases) {
      int rows = c[0];
      int len = c[1];
      TileLayout parent = TileLayout.of(Shape.of(rows, len), new CodegenOptions(c[2], c[3]));
      TileLayout r = TileLayout.rowsOf(parent, len);
      int lanes = len / parent.vector();
      assertTrue(r.replicated(), r.toString());
      assertEquals(lanes, r.replicas());
      assertEquals(rows, r.numel());
      assertEquals(parent.chunks(), r.slots());
      boolean phantom = false;
      for (int t = 0; t < parent.threads(); t++) {
        for (int chunk = 0; chunk < parent.chunks(); chunk++) {
          int row = r.element(t, chunk);
          phantom |= row >= rows;
          for (int v = 0; v < parent.vector(); v++) {
            int e = parent.element(t, chunk * parent.vector() + v);
            if (e < parent.numel()) {
              assertEquals(e / len, row, "thread " + t + " chunk " + chunk + " of " + r);
            }
          }
          for (int m = 1; m < lanes; m++) {
            assertEquals(row, r.element(t ^ m, chunk), "lane " + (t ^ m) + " holds the same row as " + t);
          }
          if (t % lanes == 0 && chunk == 0 && t + lanes < parent.threads()) {
            assertEquals(row + 1, r.element(t + lanes, chunk), "the next group holds the next row");
          }
        }
      }
      assertEquals(phantom, r.hasPhantoms(), r.toString());
      assertFalse(r.sameDistribution(TileLayout.of(Shape.of(rows), new CodegenOptions(c[2], c[3]))));
    }
  }

  @Test
  void rowsNeedRunsThatAPowerOfTwoOfThreadsHold() {
    TileLayout parent = TileLayout.of(Shape.of(16, 48), new CodegenOptions(128, 8));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TileLayout.rowsOf(parent, 48));
    assertEquals("a row of 12 runs does not lie in consecutive threads of " + parent, e.getMessage());
  }
}
