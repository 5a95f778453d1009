package dev.kgen.codegen.jvm;

import dev.kgen.ir.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * How generated code addresses one element of a tile inside a loop nest: a Java expression
 * per dimension ({@code "0"} for dimensions of size 1, which get no loop), or one flat
 * variable when every operand of the nest is laid out densely.
 *
 * @param loops how many {@code for} statements (or bare scopes) the nest opened
 */
record Index(Shape shape, List<String> vars, String flat, int loops) {
  public Index {
    vars = vars == null ? null : List.copyOf(vars);
  }

  static Index scalar() {
    return new Index(Shape.SCALAR, List.of(), null, 0);
  }

  /** The same index with dimension {@code d} read as {@code expr}. */
  Index withVar(int d, String expr) {
    List<String> v = new ArrayList<>(vars);
    v.set(d, expr);
    return new Index(shape, v, flat, loops);
  }

  /** The index expression along dimension {@code d}. */
  String var(int d) {
    if (flat != null) {
      throw new IllegalStateException("a flat index has no per-dimension variables");
    }
    return vars.get(d);
  }

  /** This element's position in a dense row-major array of {@link #shape}. */
  String position() {
    return flat != null ? flat : Index.linear(vars, denseStrides(shape));
  }

  /**
   * Row-major strides of a dense array of the shape, with 0 for dimensions of size 1: a view
   * that broadcasts such a dimension then has the same strides, so broadcasting is free.
   */
  static List<Integer> denseStrides(Shape shape) {
    int[] s = shape.denseStrides();
    List<Integer> out = new ArrayList<>(s.length);
    for (int d = 0; d < s.length; d++) {
      out.add(shape.dim(d) == 1 ? 0 : s[d]);
    }
    return out;
  }

  /** {@code sum(vars[d] * strides[d])}, leaving out zero terms and factors of one. */
  static String linear(List<String> vars, List<Integer> strides) {
    StringBuilder sb = new StringBuilder();
    for (int d = 0; d < vars.size(); d++) {
      if (strides.get(d) == 0 || vars.get(d).equals("0")) {
        continue;
      }
      sb.append(sb.length() == 0 ? "" : " + ").append(vars.get(d));
      if (strides.get(d) != 1) {
        sb.append(" * ").append(strides.get(d));
      }
    }
    return sb.length() == 0 ? "0" : sb.toString();
  }
}
