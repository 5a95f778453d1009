package dev.kgen.errors;

/**
 * A mistake of the user's: a misused DSL op, an impossible shape, a bad argument. The message
 * says what was wrong and what was expected; the CLI prints it on one line and exits with 2.
 */
public class KgenUserException extends RuntimeException {
  public KgenUserException(String message) {
    super(message);
  }

  public KgenUserException(String message, Throwable cause) {
    super(message, cause);
  }
}
