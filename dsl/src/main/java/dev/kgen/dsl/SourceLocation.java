package dev.kgen.dsl;

import java.util.Optional;

/** Finds the line of kernel source that called into the DSL, for error messages. */
final class SourceLocation {
  private SourceLocation() {}

  /** e.g. {@code " (at PagedAttentionKernel.java:88)"}, or empty when no frame is found. */
  static String suffix() {
    Optional<StackWalker.StackFrame> frame = StackWalker.getInstance().walk(s -> s
        .filter(f -> !f.getClassName().startsWith("dev.kgen.dsl.")
            && !f.getClassName().startsWith("dev.kgen.ir.")
            && !f.getClassName().startsWith("java."))
        .findFirst());
    return frame.map(f -> " (at " + f.getFileName() + ":" + f.getLineNumber() + ")").orElse("");
  }
}
