package dev.kgen.codegen.c;

/** Accumulates lines of C with two-space indentation; braces open and close indentation levels. */
public final class CodeWriter {
  private final StringBuilder out = new StringBuilder();
  private int depth;

  public CodeWriter(int depth) {
    this.depth = depth;
  }

  /** One line at the current indentation. */
  public CodeWriter line(String text) {
    out.append("  ".repeat(depth)).append(text).append('\n');
    return this;
  }

  /** A line at column zero (preprocessor directives). */
  public CodeWriter directive(String text) {
    out.append(text).append('\n');
    return this;
  }

  /** {@code header {} and one level deeper. */
  public CodeWriter open(String header) {
    line(header.isEmpty() ? "{" : header + " {");
    depth++;
    return this;
  }

  /** One level out, then {@code closing} (e.g. {@code "}"} or {@code "} else {"}). */
  public CodeWriter close(String closing) {
    depth--;
    if (depth < 0) {
      throw new IllegalStateException("unbalanced close: " + closing);
    }
    line(closing);
    return this;
  }

  public CodeWriter close() {
    return close("}");
  }

  /** {@code } else {} between two branches. */
  public CodeWriter reopen(String between) {
    depth--;
    line(between);
    depth++;
    return this;
  }

  public int depth() {
    return depth;
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
