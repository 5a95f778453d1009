package dev.kgen.codegen.jvm;

import com.palantir.javapoet.CodeBlock;
import dev.kgen.ir.Shape;
import java.util.List;

/**
 * The loops of a matrix product {@code [M,K] x [K,N]} into a {@code double[M*N]}. Each output
 * element sums its products in increasing k starting from 0.0, exactly as the interpreter does;
 * products and sums are double, so products of fp32, bf16 and fp16 elements are exact.
 *
 * <p>Outputs are computed in blocks of {@link #ROWS} x {@link #COLUMNS} accumulators held in
 * locals ({@code s00}..{@code s13}), so each k step loads every operand element of the block
 * once and never reloads or stores an accumulator. (HotSpot 17 does not vectorize the plain
 * {@code acc[i*N + j] += a * b[k*N + j]} loop, since it cannot tell the two arrays apart; the
 * blocked form is about twice as fast.)
 */
final class DotLoops {
  static final int ROWS = 2;
  static final int COLUMNS = 4;

  private DotLoops() {}

  static void emit(CodeBlock.Builder code, String acc, Elem a, Shape aShape, Elem b, Shape bShape) {
    int m = aShape.dim(0);
    int kk = aShape.dim(1);
    int n = bShape.dim(1);
    int rows = m % ROWS == 0 ? ROWS : 1;
    int cols = n % COLUMNS == 0 ? COLUMNS : n % 2 == 0 ? 2 : 1;
    String i = LoopNest.dimVar(0);
    String j = LoopNest.dimVar(1);
    int loops = 0;
    if (m > rows) {
      code.beginControlFlow("for (int $L = 0; $L < $L; $L += $L)", i, i, m, i, rows);
      loops++;
    }
    if (n > cols) {
      code.beginControlFlow("for (int $L = 0; $L < $L; $L += $L)", j, j, n, j, cols);
      loops++;
    }
    if (loops == 0) {
      code.add("{\n").indent();
      loops++;
    }
    String iv = m > rows ? i : "0";
    String jv = n > cols ? j : "0";
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        code.addStatement("double s$L$L = 0.0", r, c);
      }
    }
    boolean kLoop = kk > 1;
    if (kLoop) {
      code.beginControlFlow("for (int k = 0; k < $L; k++)", kk);
    }
    String kv = kLoop ? "k" : "0";
    for (int r = 0; r < rows; r++) {
      code.addStatement("double a$L = $L", r, a.at(new Index(aShape, List.of(plus(iv, r), kv), null, 0)).code());
    }
    for (int c = 0; c < cols; c++) {
      code.addStatement("double b$L = $L", c, b.at(new Index(bShape, List.of(kv, plus(jv, c)), null, 0)).code());
    }
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        code.addStatement("s$L$L += a$L * b$L", r, c, r, c);
      }
    }
    if (kLoop) {
      code.endControlFlow();
    }
    List<Integer> strides = Index.denseStrides(Shape.of(m, n));
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        code.addStatement("$L[$L] = s$L$L", acc, Index.linear(List.of(plus(iv, r), plus(jv, c)), strides), r, c);
      }
    }
    for (int l = 0; l < loops; l++) {
      code.endControlFlow();
    }
  }

  /** {@code var + offset} as an index expression. */
  private static String plus(String var, int offset) {
    if (offset == 0) {
      return var;
    }
    return var.equals("0") ? Integer.toString(offset) : "(" + var + " + " + offset + ")";
  }
}
