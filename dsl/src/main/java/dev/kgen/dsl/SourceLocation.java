package dev.kgen.dsl;

import java.security.CodeSource;
import java.util.Objects;
import java.util.Optional;

/** Finds the line of kernel source that called into the DSL, for error messages. */
final class SourceLocation {
  private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  private static final CodeSource OWN = SourceLocation.class.getProtectionDomain().getCodeSource();

  private SourceLocation() {}

  /** e.g. {@code " (at PagedAttentionKernel.java:88)"}, or empty when no frame is found. */
  static String suffix() {
    Optional<StackWalker.StackFrame> frame = WALKER.walk(s -> s.filter(f -> !internal(f)).findFirst());
    return frame.map(f -> " (at " + f.getFileName() + ":" + f.getLineNumber() + ")").orElse("");
  }

  /** DSL and IR classes of kgen itself, and the JDK: never the line a user wrote. */
  private static boolean internal(StackWalker.StackFrame f) {
    String n = f.getClassName();
    if (n.startsWith("java.") || n.startsWith("jdk.")) {
      return true;
    }
    boolean kgenPackage = n.startsWith("dev.kgen.dsl.") || n.startsWith("dev.kgen.ir.");
    return kgenPackage && Objects.equals(f.getDeclaringClass().getProtectionDomain().getCodeSource(), OWN);
  }
}
