package dev.kgen.cli;

/** The exit codes of every kgen command. */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;
  /** kgen itself failed: a bug or an environment problem; the message says which. */
  public static final int INTERNAL_ERROR = 1;
  /** The command line or its inputs were wrong; the message says what to change. */
  public static final int USER_ERROR = 2;

  /** A benchmark or check ran but an output was wrong. */
  public static final int CHECK_FAILED = 3;

  private ExitCodes() {}
}
