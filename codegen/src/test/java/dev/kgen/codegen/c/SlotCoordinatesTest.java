package dev.kgen.codegen.c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.ir.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simplified coordinates must equal {@code e / stride % dim} for every thread and slot;
 * the printed forms are pinned for the shapes of the paged-attention tiles.
 */
class SlotCoordinatesTest {
  @Test
  void keyTileTokensAreTheSameInEverySlot() {
    // K as [head 128, tokens 16] over 128 threads: a thread's 16 slots share one token
    TileLayout l = TileLayout.of(Shape.of(128, 16), new CodegenOptions(128, 1));
    assertEquals(List.of("i * 8 + (tid / 16)", "tid % 16"), SlotCoordinates.of(Shape.of(128, 16), l, "i", "tid", "e"));
    assertTrue(SlotCoordinates.slotInvariant("tid % 16", "i", "e"));
    assertFalse(SlotCoordinates.slotInvariant("i * 8 + (tid / 16)", "i", "e"));
  }

  @Test
  void unitAxesArePinnedToZeroAndOneSlotNeedsNoSlot() {
    TileLayout l = TileLayout.of(Shape.of(16, 16), new CodegenOptions(256, 1));
    assertEquals(List.of("(tid / 16)", "tid % 16"), SlotCoordinates.of(Shape.of(16, 16), l, "i", "tid", "e"));
    TileLayout row = TileLayout.of(Shape.of(1, 128), new CodegenOptions(128, 4));
    assertEquals("0", SlotCoordinates.of(Shape.of(1, 128), row, "i", "tid", "e").get(0));
  }

  @Test
  void everyFormEqualsTheRowMajorCoordinate() {
    int[][] shapes = {{16, 128}, {128, 16}, {4, 1, 16}, {16, 32, 8}, {3, 40}, {544}, {2, 544}, {64, 64}, {8, 2, 2}};
    for (int[] dims : shapes) {
      Shape shape = Shape.of(dims);
      for (int threads : new int[] {32, 64, 128, 256}) {
        for (int vec : new int[] {1, 2, 4, 8}) {
          TileLayout l = TileLayout.of(shape, new CodegenOptions(threads, vec));
          List<String> forms = SlotCoordinates.of(shape, l, "i", "tid", "e");
          int[] strides = shape.denseStrides();
          for (int t = 0; t < threads; t++) {
            for (int slot = 0; slot < l.slots(); slot++) {
              int e = l.element(t, slot);
              if (e >= l.numel()) {
                continue;
              }
              for (int d = 0; d < dims.length; d++) {
                int expected = dims[d] == 1 ? 0 : e / strides[d] % dims[d];
                assertEquals(expected, CExpr.eval(forms.get(d), slot, t, e),
                    shape + " T=" + threads + " V=" + vec + " axis " + d + ": " + forms.get(d) + " at t=" + t + " slot=" + slot);
              }
            }
          }
        }
      }
    }
  }

  /** Evaluates the small C integer expressions the forms use: + * / % and parentheses. */
  private static final class CExpr {
    private final String s;
    private final int i;
    private final int tid;
    private final int e;
    private int pos;

    private CExpr(String s, int i, int tid, int e) {
      this.s = s.replace(" ", "");
      this.i = i;
      this.tid = tid;
      this.e = e;
    }

    static int eval(String s, int i, int tid, int e) {
      CExpr x = new CExpr(s, i, tid, e);
      int v = x.sum();
      assertEquals(x.s.length(), x.pos, "unparsed rest of " + s);
      return v;
    }

    private int sum() {
      int v = product();
      while (pos < s.length() && s.charAt(pos) == '+') {
        pos++;
        v += product();
      }
      return v;
    }

    private int product() {
      int v = atom();
      while (pos < s.length() && "*/%".indexOf(s.charAt(pos)) >= 0) {
        char op = s.charAt(pos++);
        int w = atom();
        v = op == '*' ? v * w : op == '/' ? v / w : v % w;
      }
      return v;
    }

    private int atom() {
      if (s.charAt(pos) == '(') {
        pos++;
        int v = sum();
        pos++; // ')'
        return v;
      }
      int start = pos;
      while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
        pos++;
      }
      String word = s.substring(start, pos);
      switch (word) {
        case "i":
          return i;
        case "tid":
          return tid;
        case "e":
          return e;
        default:
          return Integer.parseInt(word);
      }
    }
  }
}
