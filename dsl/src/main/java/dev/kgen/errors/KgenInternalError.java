package dev.kgen.errors;

/** A bug in kgen itself (a pass broke an invariant, a backend met an op it cannot lower). */
public class KgenInternalError extends RuntimeException {
  public KgenInternalError(String message) {
    super(message);
  }

  public KgenInternalError(String message, Throwable cause) {
    super(message, cause);
  }
}
