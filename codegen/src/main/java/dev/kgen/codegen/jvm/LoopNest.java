package dev.kgen.codegen.jvm;

import com.palantir.javapoet.CodeBlock;
import dev.kgen.ir.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens and closes the constant-bound loops that visit every element of a tile. Bounds are
 * literals (shapes are static), so HotSpot sees counted loops it can unroll and vectorize.
 */
final class LoopNest {
  /** Names of the flat loop variable and the per-dimension ones; JavaNames reserves them. */
  static final String FLAT = "i";

  private LoopNest() {}

  static String dimVar(int d) {
    return "i" + d;
  }

  static List<String> defaultVars(int rank) {
    List<String> vars = new ArrayList<>(rank);
    for (int d = 0; d < rank; d++) {
      vars.add(dimVar(d));
    }
    return vars;
  }

  /**
   * Opens a loop per dimension larger than one, outermost first. With {@code scoped}, a nest
   * that opens no loop opens a bare block instead, so the body may declare locals.
   */
  static Index open(CodeBlock.Builder code, Shape shape, List<String> vars, boolean scoped) {
    List<String> used = new ArrayList<>(shape.rank());
    int loops = 0;
    for (int d = 0; d < shape.rank(); d++) {
      if (shape.dim(d) == 1) {
        used.add("0");
        continue;
      }
      String v = vars.get(d);
      code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", v, v, shape.dim(d), v);
      used.add(v);
      loops++;
    }
    if (loops == 0 && scoped) {
      code.add("{\n").indent();
      loops = 1;
    }
    return new Index(shape, used, null, loops);
  }

  /** One loop over every element, for nests whose operands are all dense. */
  static Index openFlat(CodeBlock.Builder code, Shape shape) {
    code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", FLAT, FLAT, shape.numel(), FLAT);
    return new Index(shape, null, FLAT, 1);
  }

  static void close(CodeBlock.Builder code, Index index) {
    for (int i = 0; i < index.loops(); i++) {
      code.endControlFlow();
    }
  }

  /** Whether a flat loop is worth it: more than one dimension would need a loop. */
  static boolean multiDimensional(Shape shape) {
    int big = 0;
    for (int d : shape.dims()) {
      big += d > 1 ? 1 : 0;
    }
    return big > 1;
  }
}
