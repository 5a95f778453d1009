package dev.kgen.errors;

/**
 * A specialization that needs more of a device resource than the dialect grants, such as tiles
 * whose staging exceeds the shared-memory limit. It follows from the sizes the caller or a
 * tuning space chose, not from a bug, so it is the user's to fix (smaller tiles); a tuning
 * space skips such configurations.
 */
public class KgenResourceLimitException extends KgenUserException {
  public KgenResourceLimitException(String message) {
    super(message);
  }
}
