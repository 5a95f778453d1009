package dev.kgen.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs kgen in-process and captures what it prints. */
record Cli(int exitCode, String out, String err) {
  static Cli run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Kgen.run(new PrintWriter(out), new PrintWriter(err), env, args);
    return new Cli(code, out.toString(), err.toString());
  }

  static Cli run(String... args) {
    return run(Map.of(), args);
  }

  /** Runs with extra subcommands registered, as a future command would be. */
  static Cli runWith(Map<String, String> env, Object[] extraCommands, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter o = new PrintWriter(out, true);
    PrintWriter e = new PrintWriter(err, true);
    CommandLine cl = Kgen.commandLine(o, e, env);
    for (Object c : extraCommands) {
      cl.addSubcommand(c);
    }
    cl.setOut(o).setErr(e); // reaches the subcommands added above
    int code = cl.execute(args);
    return new Cli(code, out.toString(), err.toString());
  }
}
