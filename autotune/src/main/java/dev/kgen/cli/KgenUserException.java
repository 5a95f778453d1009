package dev.kgen.cli;

/**
 * A mistake of the person running kgen (a missing file, an unknown key, a refused action). The
 * CLI prints its message as one line, {@code kgen: <message>}, and exits with code 2. The message
 * should say what was wrong and what to do instead.
 */
public class KgenUserException extends dev.kgen.errors.KgenUserException {
  private static final long serialVersionUID = 1L;

  public KgenUserException(String message) {
    super(message);
  }

  public KgenUserException(String message, Throwable cause) {
    super(message, cause);
  }
}
