package dev.kgen.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code kgen} command. Each subcommand is a class of its own, registered on one line of
 * {@code subcommands} below; {@code --help} and {@code --version} are inherited by all of them.
 */
@Command(
    name = "kgen",
    header = "Generate, tune and run GPU kernels written in the kgen tile DSL.",
    mixinStandardHelpOptions = true,
    versionProvider = KgenVersion.class,
    scope = ScopeType.INHERIT,
    usageHelpAutoWidth = true,
    subcommands = {
      TuneCommand.class,
      BenchCommand.class,
      GenCommand.class,
      DevicesCommand.class,
      CacheCommand.class,
      HelpCommand.class,
    })
public final class Kgen implements Callable<Integer> {
  @Spec private CommandSpec spec;

  private final Map<String, String> environment;

  public Kgen(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public static void main(String... args) {
    System.exit(run(args));
  }

  /** Runs a command line against the process's streams and environment; returns the exit code. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(), args);
  }

  /** Runs a command line with the given streams and environment; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, Map<String, String> environment, String... args) {
    try {
      return commandLine(out, err, environment).execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The configured command line: kgen's streams, error mapping and exit codes. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> environment) {
    ErrorMapper errors = new ErrorMapper(ErrorMapper.debugEnabled(environment.get(ErrorMapper.DEBUG_ENV)));
    return new CommandLine(new Kgen(environment))
        .setOut(out)
        .setErr(err)
        .setParameterExceptionHandler(errors)
        .setExecutionExceptionHandler(errors);
  }

  /** The environment of the kgen command a command or mixin belongs to. */
  static Map<String, String> environment(CommandSpec spec) {
    return ((Kgen) spec.root().userObject()).environment;
  }

  /** Running {@code kgen} alone names the commands instead of guessing one. */
  @Override
  public Integer call() {
    throw missingSubcommand(spec);
  }

  /** The error for a command that needs a subcommand and got none. */
  static ParameterException missingSubcommand(CommandSpec spec) {
    return new ParameterException(
        spec.commandLine(),
        "'" + spec.qualifiedName() + "' needs a command: one of "
            + String.join(", ", spec.subcommands().keySet()));
  }
}
