package dev.kgen.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place that turns exceptions into what the user sees. User errors (bad command lines,
 * {@link KgenUserException}, {@link IllegalArgumentException} from validation) print one line
 * {@code kgen: <message>} and exit 2; anything else is a kgen bug or an environment problem and
 * prints one line plus how to get the stack trace, and exits 1. No stack trace unless
 * {@code KGEN_DEBUG} is set.
 */
final class ErrorMapper implements IParameterExceptionHandler, IExecutionExceptionHandler {
  static final String DEBUG_ENV = "KGEN_DEBUG";
  static final String DEBUG_HINT = "(run with " + DEBUG_ENV + "=1 for the stack trace)";

  private final boolean debug;

  ErrorMapper(boolean debug) {
    this.debug = debug;
  }

  /** True when the variable is set to anything but empty, 0 or false. */
  static boolean debugEnabled(String value) {
    return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    return userError(ex.getCommandLine().getErr(), describe(ex), ex);
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    if (ex instanceof dev.kgen.errors.KgenUserException || ex instanceof IllegalArgumentException) {
      return userError(err, messageOf(ex), ex);
    }
    err.println("kgen: internal error: " + oneLine(ex.getClass().getSimpleName() + ": " + messageOf(ex)));
    if (debug) {
      ex.printStackTrace(err);
    } else {
      err.println(DEBUG_HINT);
    }
    err.flush();
    return ExitCodes.INTERNAL_ERROR;
  }

  private int userError(PrintWriter err, String message, Exception ex) {
    err.println("kgen: " + oneLine(message));
    if (debug) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.USER_ERROR;
  }

  /** A command-line error in kgen's words, naming the command and where its help is. */
  static String describe(ParameterException ex) {
    CommandLine cl = ex.getCommandLine();
    String command = cl.getCommandSpec().qualifiedName();
    String help = "; see '" + command + " --help'";
    if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String arg = u.getUnmatched().get(0);
      String guess = suggestion(u.getSuggestions());
      if (arg.startsWith("-")) {
        return "unknown option '" + arg + "' for '" + command + "'" + guess + help;
      }
      if (!cl.getSubcommands().isEmpty()) {
        return "'" + arg + "' is not a " + command + " command" + guess + help;
      }
      return "unexpected argument '" + arg + "' for '" + command + "'" + help;
    }
    return lowerFirst(messageOf(ex)) + help;
  }

  private static String suggestion(List<String> suggestions) {
    return suggestions == null || suggestions.isEmpty()
        ? ""
        : " (did you mean '" + suggestions.get(0) + "'?)";
  }

  private static String messageOf(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }

  private static String lowerFirst(String s) {
    // Picocli capitalizes its messages; kgen's start lower-case after "kgen: ", like git's.
    if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1))) {
      return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
    return s;
  }

  /** Collapses line breaks so that every error is exactly one line. */
  static String oneLine(String s) {
    return s.strip()
        .replaceAll("([;:,])\\s*[\\r\\n]+\\s*", "$1 ")
        .replaceAll("\\s*[\\r\\n]+\\s*", "; ");
  }
}
