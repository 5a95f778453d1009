package dev.kgen.codegen.jvm;

import com.palantir.javapoet.CodeBlock;
import dev.kgen.ir.DType;
import dev.kgen.ir.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A tile load read a row at a time from the array behind a heap buffer, where its offsets are a
 * row part plus a column part. A kernel's offsets usually are ({@code base + rows[:, None] *
 * stride + cols[None, :]}), and then:
 *
 * <ul>
 *   <li>the column part is computed once per load into an {@code int[]} of byte positions, with
 *       its smallest and largest value;
 *   <li>each row is bounds-checked once (its first and last element from those two), not once
 *       per element;
 *   <li>each element is one array read at {@code rowPosition + columnPosition}, where the
 *       buffer's {@code getShort} would be a call with its own checks.
 * </ul>
 *
 * <p>The mask may be a conjunction of parts on the row alone and on the column alone (the
 * column part is computed once per load, and the bounds cover only the columns it lets
 * through). A row that fails the check, and any buffer without an accessible array (direct or
 * read-only), take the element-at-a-time path, which reports an out-of-bounds element exactly
 * as before. Positions are computed in {@code int}: they wrap together, and a row that passed
 * the check lies in an array, so the sum is exact.
 */
final class RowLoad {
  /** The reserved local names this load declares (see {@link JavaNames#RESERVED}). */
  static final List<String> LOCALS = List.of("arr", "base", "lo", "hi", "row", "rowAt", "c");

  private final Split offsets;
  /** The mask's conjuncts on rows and on columns (either list empty: all pass). */
  private final Split masks;
  private final int inner;
  private final List<Integer> rowAxes;

  /** Parts of a sum or a conjunction that depend on the row alone and on the column alone. */
  private record Split(List<Elem> rows, List<Elem> columns) {}

  private RowLoad(Split offsets, Split masks, int inner, List<Integer> rowAxes) {
    this.offsets = offsets;
    this.masks = masks;
    this.inner = inner;
    this.rowAxes = rowAxes;
  }

  /**
   * The row-at-a-time form of a load of {@code shape} through {@code offsets} under
   * {@code mask} (null: none), or null when the offsets, or the mask's conjuncts, do not split
   * into parts that depend on the row alone and on the column alone.
   */
  static RowLoad plan(Shape shape, Elem offsets, Elem mask) {
    int inner = -1;
    List<Integer> rowAxes = new ArrayList<>();
    for (int d = 0; d < shape.rank(); d++) {
      if (shape.dim(d) > 1) {
        if (inner >= 0) {
          rowAxes.add(inner);
        }
        inner = d;
      }
    }
    if (inner < 0) {
      return null;
    }
    List<Elem> terms = new ArrayList<>();
    Elem.Node.addends(offsets, terms);
    List<Elem> conjuncts = new ArrayList<>();
    if (mask != null) {
      Elem.Node.conjuncts(mask, conjuncts);
    }
    Split o = split(terms, inner, rowAxes);
    Split m = split(conjuncts, inner, rowAxes);
    return o == null || m == null ? null : new RowLoad(o, m, inner, rowAxes);
  }

  private static Split split(List<Elem> parts, int inner, List<Integer> rowAxes) {
    List<Elem> rows = new ArrayList<>();
    List<Elem> columns = new ArrayList<>();
    for (Elem t : parts) {
      if (!t.varies(inner)) {
        rows.add(t);
      } else if (rowAxes.stream().noneMatch(t::varies)) {
        columns.add(t);
      } else {
        return null;
      }
    }
    return new Split(rows, columns);
  }

  /** The hooks of the load's emitter that this needs. */
  interface Emitter {
    CodeBlock.Builder code();

    /** Registers a scratch array of the program and returns its name. */
    String scratch(String suggestion, JavaType type, int length);

    /** The element-at-a-time body for the element at {@code index}: checked read and store. */
    void element(Index index);

    /** Stores the masked-off value of the element at {@code index}. */
    void maskedOff(Index index);
  }

  /**
   * Emits the load. {@code buffer} and {@code length} name the parameter's buffer and its length
   * in elements, {@code readAt} gives the statement storing the element at an index read from
   * {@code arr} at a byte position.
   */
  void emit(Emitter e, Shape shape, DType t, String buffer, String length,
      BiFunction<Index, CodeBlock, CodeBlock> readAt) {
    CodeBlock.Builder code = e.code();
    int n = shape.dim(inner);
    int shift = Integer.numberOfTrailingZeros(t.bytes());
    String cols = e.scratch(buffer + "_cols", JavaType.INT, n);
    // columns the mask lets through, when it has column conjuncts; the bounds cover only those
    String on = masks.columns().isEmpty() ? null : e.scratch(buffer + "_on", JavaType.BOOLEAN, n);
    String iv = LoopNest.dimVar(inner);
    code.addStatement("byte[] arr = $T.heapArray($L)", ElementOps.INTRINSICS, buffer);
    code.addStatement("int base = $T.arrayBase($L)", ElementOps.INTRINSICS, buffer);
    code.addStatement("long lo = Long.MAX_VALUE");
    code.addStatement("long hi = Long.MIN_VALUE");
    Index column = index(shape, true);
    code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", iv, iv, n, iv);
    code.addStatement("long c = $L", sum(offsets.columns(), column));
    code.addStatement("$L[$L] = (int) c << $L", cols, iv, shift);
    if (on != null) {
      code.addStatement("$L[$L] = $L", on, iv, all(masks.columns(), column));
      code.beginControlFlow("if ($L[$L])", on, iv);
    }
    code.addStatement("lo = Math.min(lo, c)");
    code.addStatement("hi = Math.max(hi, c)");
    if (on != null) {
      code.endControlFlow();
    }
    code.endControlFlow();

    List<String> vars = LoopNest.defaultVars(shape.rank());
    for (int d : rowAxes) {
      code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", vars.get(d), vars.get(d), shape.dim(d), vars.get(d));
    }
    Index element = index(shape, false);
    Index rowOnly = index(shape, false).withVar(inner, "0");
    boolean rowMasked = !masks.rows().isEmpty();
    if (rowMasked) {
      code.beginControlFlow("if (!$L)", all(masks.rows(), rowOnly));
      innerLoop(code, iv, n, () -> e.maskedOff(element));
      code.nextControlFlow("else");
    }
    code.addStatement("long row = $L", sum(offsets.rows(), rowOnly));
    // a row whose every column is masked off has lo > hi, fails the check and takes the element path
    code.beginControlFlow("if (arr != null && $T.rowInBounds(row, lo, hi, $L))", ElementOps.INTRINSICS, length);
    code.addStatement("int rowAt = base + ((int) row << $L)", shift);
    innerLoop(code, iv, n, () -> columnMasked(code, on, iv, e, element,
        () -> code.addStatement("$L", readAt.apply(element, CodeBlock.of("rowAt + $L[$L]", cols, iv)))));
    code.nextControlFlow("else");
    innerLoop(code, iv, n, () -> columnMasked(code, on, iv, e, element, () -> e.element(element)));
    code.endControlFlow();
    if (rowMasked) {
      code.endControlFlow();
    }
    for (int i = 0; i < rowAxes.size(); i++) {
      code.endControlFlow();
    }
  }

  /** {@code read}, or the masked-off value where the column's conjuncts fail ({@code on} null: none). */
  private static void columnMasked(CodeBlock.Builder code, String on, String iv, Emitter e, Index element, Runnable read) {
    if (on == null) {
      read.run();
      return;
    }
    code.beginControlFlow("if ($L[$L])", on, iv);
    read.run();
    code.nextControlFlow("else");
    e.maskedOff(element);
    code.endControlFlow();
  }

  private static void innerLoop(CodeBlock.Builder code, String iv, int n, Runnable body) {
    code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", iv, iv, n, iv);
    body.run();
    code.endControlFlow();
  }

  /**
   * The index of an element: every dimension's loop variable, or only the inner one (the others
   * read as 0, which column terms do not depend on) when {@code columnOnly}.
   */
  private Index index(Shape shape, boolean columnOnly) {
    List<String> vars = new ArrayList<>(shape.rank());
    for (int d = 0; d < shape.rank(); d++) {
      boolean looped = d == inner || (!columnOnly && rowAxes.contains(d));
      vars.add(looped ? LoopNest.dimVar(d) : "0");
    }
    return new Index(shape, vars, null, 0);
  }

  /** The conjunction of {@code masks} at {@code index}, as an operand. */
  private static CodeBlock all(List<Elem> masks, Index index) {
    List<CodeBlock> parts = new ArrayList<>();
    for (Elem m : masks) {
      parts.add(m.at(index).operand());
    }
    return parts.size() == 1 ? parts.get(0) : CodeBlock.of("($L)", CodeBlock.join(parts, " & "));
  }

  /** The 64-bit sum of {@code terms} at {@code index} (each widened first, as the sum it splits). */
  private static CodeBlock sum(List<Elem> terms, Index index) {
    if (terms.isEmpty()) {
      return CodeBlock.of("0L");
    }
    List<CodeBlock> parts = new ArrayList<>();
    for (Elem t : terms) {
      Expr x = t.at(index);
      parts.add(x.type() == JavaType.LONG ? x.operand() : CodeBlock.of("(long) $L", x.operand()));
    }
    return CodeBlock.join(parts, " + ");
  }
}
