package dev.kgen.autotune.cache;

/** A cache file that is not a tuning record this kgen can read; the cache sets it aside. */
public final class MalformedRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedRecordException(String message) {
    super(message);
  }

  public MalformedRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
