package dev.kgen.codegen.jvm;

import com.palantir.javapoet.CodeBlock;

/**
 * A Java expression and its static type. Atomic expressions (names, literals, calls, array
 * elements) are used as they are; compound ones are parenthesized when they become operands,
 * so generated code never depends on Java's precedence rules. {@code constant} is the value of
 * a numeric literal, else null.
 */
record Expr(CodeBlock code, JavaType type, boolean atomic, Double constant) {
  Expr(CodeBlock code, JavaType type, boolean atomic) {
    this(code, type, atomic, null);
  }

  /** A literal, remembered so ops can simplify around it. */
  static Expr constant(JavaType type, double value, boolean atomic, String text) {
    return new Expr(CodeBlock.of("$L", text), type, atomic, value);
  }

  static Expr atom(JavaType type, String format, Object... args) {
    return new Expr(CodeBlock.of(format, args), type, true);
  }

  static Expr compound(JavaType type, String format, Object... args) {
    return new Expr(CodeBlock.of(format, args), type, false);
  }

  /** This expression as an operand of a bigger one. */
  CodeBlock operand() {
    return atomic ? code : CodeBlock.of("($L)", code);
  }

  @Override
  public String toString() {
    return code.toString();
  }
}
