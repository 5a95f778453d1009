package dev.kgen.runtime.cuda;

/**
 * Condenses JCuda's library loading errors, which run to dozens of lines of nested stack
 * traces, into the one line that says what was missing.
 */
final class NativeLoadFailure {
  private static final String ULE = "java.lang.UnsatisfiedLinkError: ";

  private NativeLoadFailure() {}

  /**
   * The most specific cause: the last nested {@code UnsatisfiedLinkError} line (JCuda's attempt
   * to load its bundled library, which names the missing system library), else the first line.
   */
  static String describe(Throwable t) {
    String message = t.getMessage() == null ? "" : t.getMessage();
    String specific = null;
    for (String line : message.split("\\R")) {
      String s = line.strip();
      if (s.startsWith(ULE)) {
        specific = s.substring(ULE.length());
      }
    }
    String first = message.lines().findFirst().orElse("").strip();
    return t.getClass().getSimpleName() + ": " + (specific != null ? specific : first);
  }
}
