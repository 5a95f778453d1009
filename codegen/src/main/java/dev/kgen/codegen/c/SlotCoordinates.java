package dev.kgen.codegen.c;

import dev.kgen.ir.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The coordinates of the element a thread holds in a register slot, written so the C compiler
 * sees what the layout guarantees. With {@link TileLayout}'s {@code e = (c*T + t)*V + v}
 * ({@code c = slot / V}, {@code v = slot % V}, {@code t < T}), the coordinate along an axis of
 * stride {@code s} and size {@code n} is {@code e / s % n}; when {@code V} divides {@code s} it is
 * {@code u / k % n} for the run {@code u = c*T + t} and {@code k = s/V}, which is
 * <ul>
 *   <li>{@code (c*(T/k) + t/k) % n} when {@code k} divides {@code T}, and just {@code t/k % n}
 *       when {@code n} also divides {@code T/k}: the same in every slot, so everything computed
 *       from it (a block-table entry, a 64-bit product) is computed once per thread;
 *   <li>{@code c / (k/T) % n} when {@code T} divides {@code k}: a constant once the slot loop is
 *       unrolled.
 * </ul>
 * The innermost axis ({@code s = 1}) is {@code (u % (n/V))*V + v}. Anything else falls back to
 * {@code e / s % n}. The modulo is left out on the outermost axis, where {@code e < numel}.
 */
final class SlotCoordinates {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private SlotCoordinates() {}

  /** One C expression per axis of {@code shape} (axes of size 1 are {@code "0"}). */
  static List<String> of(Shape shape, TileLayout l, String slot, String tid, String e) {
    int[] strides = shape.denseStrides();
    List<String> c = new ArrayList<>();
    for (int d = 0; d < shape.rank(); d++) {
      int n = shape.dim(d);
      if (n == 1) {
        c.add("0");
        continue;
      }
      boolean outermost = (long) strides[d] * n >= shape.numel();
      String simple = simplified(l, strides[d], n, outermost, slot, tid);
      c.add(simple != null ? simple : general(strides[d], n, outermost, e));
    }
    return c;
  }

  /** Whether {@code expr} (a coordinate from {@link #of}) is the same in every slot. */
  static boolean slotInvariant(String expr, String slot, String e) {
    return !mentions(expr, Set.of(slot, e));
  }

  /** Whether the C expression {@code expr} names one of {@code identifiers}. */
  static boolean mentions(String expr, Set<String> identifiers) {
    return IDENTIFIER.matcher(expr).results().anyMatch(m -> identifiers.contains(m.group()));
  }

  private static String general(int s, int n, boolean outermost, String e) {
    String coord = s == 1 ? e : e + " / " + s;
    return outermost ? coord : coord + " % " + n;
  }

  private static String simplified(TileLayout l, int s, int n, boolean outermost, String slot, String tid) {
    if (l.replicated()) {
      return null; // the element expression is already as simple as it gets
    }
    int t = l.threads();
    int v = l.vector();
    String chunk = l.chunks() == 1 ? null : v == 1 ? slot : "(" + slot + " / " + v + ")";
    String lane = v == 1 ? null : slot + " % " + v;
    if (s % v == 0) {
      int k = s / v;
      if (k % t == 0) {
        if (chunk == null) {
          return "0";
        }
        String q = k == t ? chunk : chunk + " / " + (k / t);
        return outermost ? q : "(" + q + ") % " + n;
      }
      if (t % k == 0) {
        String tidPart = k == 1 ? tid : "(" + tid + " / " + k + ")";
        int perChunk = t / k;
        if (chunk == null || perChunk % n == 0 && !outermost) {
          return outermost || perChunk <= n && chunk == null ? tidPart : tidPart + " % " + n;
        }
        String sum = chunk + " * " + perChunk + " + " + tidPart;
        return outermost ? sum : "(" + sum + ") % " + n;
      }
      return null;
    }
    if (s == 1) { // the innermost axis, runs of v > 1 consecutive elements
      int runs = n / v;
      String run = chunk == null ? tid : chunk + " * " + t + " + " + tid;
      String within = outermost ? run : chunk == null ? (t <= runs ? tid : tid + " % " + runs)
          : t % runs == 0 ? tid + " % " + runs : "(" + run + ") % " + runs;
      return "(" + within + ") * " + v + " + " + lane;
    }
    return null;
  }
}
