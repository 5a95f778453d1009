package dev.kgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class KgenTest {
  @TempDir Path dir;

  @Test
  void versionPrintsOneLineAndExitsZero() {
    Cli r = Cli.run("--version");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().matches("kgen \\S+\\R"), r.out());
    assertEquals("", r.err());
    assertEquals(r.out(), Cli.run("cache", "list", "--version").out());
  }

  @Test
  void helpStartsWithTheHeaderAndExitsZero() {
    Cli r = Cli.run("--help");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().startsWith("Generate, tune and run GPU kernels written in the kgen tile DSL.\nUsage: kgen "), r.out());
    assertTrue(r.out().matches("(?s).*\\n  cache +List, show and clear the tuned configurations kgen remembers\\.\\n.*"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void everyCommandHasAOneLineHeaderAndHelp() {
    List<CommandLine> all = new ArrayList<>();
    collect(Kgen.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of()), all);
    assertTrue(all.size() >= 6, "kgen, cache, list, show, clear, help");
    for (CommandLine c : all) {
      String[] header = c.getCommandSpec().usageMessage().header();
      String name = c.getCommandSpec().qualifiedName();
      if (name.equals("kgen help")) {
        continue; // picocli's own
      }
      assertEquals(1, header.length, name + " needs a one-line header");
      List<String> args = new ArrayList<>(List.of(name.split(" ")).subList(1, name.split(" ").length));
      args.add("--help");
      Cli r = Cli.run(args.toArray(String[]::new));
      assertEquals(0, r.exitCode(), name);
      assertTrue(r.out().startsWith(header[0] + "\nUsage: " + name), name + ":\n" + r.out());
    }
  }

  private static void collect(CommandLine c, List<CommandLine> into) {
    into.add(c);
    c.getSubcommands().values().forEach(s -> collect(s, into));
  }

  @Test
  void anUnknownOptionIsOneLineAndExitCodeTwo() {
    assertEquals(new Cli(2, "", "kgen: unknown option '--frob' for 'kgen'; see 'kgen --help'\n"), Cli.run("--frob"));
    assertEquals(
        new Cli(2, "", "kgen: unknown option '--frob' for 'kgen cache list'; see 'kgen cache list --help'\n"),
        Cli.run("cache", "list", "--frob"));
  }

  @Test
  void anUnknownSubcommandIsOneLineAndExitCodeTwo() {
    assertEquals(new Cli(2, "", "kgen: 'frob' is not a kgen command; see 'kgen --help'\n"), Cli.run("frob"));
    assertEquals(
        new Cli(2, "", "kgen: 'cach' is not a kgen command (did you mean 'cache'?); see 'kgen --help'\n"),
        Cli.run("cach"));
    assertEquals(
        new Cli(2, "", "kgen: 'frob' is not a kgen cache command; see 'kgen cache --help'\n"),
        Cli.run("cache", "frob"));
  }

  @Test
  void aMissingSubcommandNamesTheChoices() {
    assertEquals(new Cli(2, "", "kgen: 'kgen' needs a command: one of tune, bench, gen, devices, cache, help; see 'kgen --help'\n"), Cli.run());
    assertEquals(
        new Cli(2, "", "kgen: 'kgen cache' needs a command: one of list, show, clear; see 'kgen cache --help'\n"),
        Cli.run("cache"));
  }

  @Test
  void aMissingParameterIsOneLine() {
    assertEquals(
        new Cli(2, "", "kgen: missing required parameter: 'KEYHASH'; see 'kgen cache show --help'\n"),
        Cli.run("cache", "show"));
  }

  @Test
  void showingAMissingKeyIsAUserError() {
    Cli r = Cli.run("cache", "show", "deadbeef", "--cache-dir", dir.toString());
    assertEquals(
        new Cli(2, "", "kgen: no tuning record with key 'deadbeef' in " + dir + "; run 'kgen cache list' to see the keys\n"),
        r);
  }

  /** Stands in for a future command, to reach the error paths. */
  @Command(name = "boom", header = "Fails on purpose.")
  static final class Boom implements Callable<Integer> {
    @Option(names = "--kind")
    String kind = "internal";

    @Override
    public Integer call() {
      switch (kind) {
        case "user" -> throw new KgenUserException("the kernel file k.kg does not exist;\n  check the path");
        case "validation" -> throw new IllegalArgumentException("TILE_N=48 is not a power of two; use 32 or 64");
        default -> throw new IllegalStateException("emitter lost a barrier");
      }
    }
  }

  @Test
  void userErrorsFromCommandsAreOneLineAndExitCodeTwo() {
    assertEquals(
        new Cli(2, "", "kgen: the kernel file k.kg does not exist; check the path\n"),
        Cli.runWith(Map.of(), new Object[] {new Boom()}, "boom", "--kind", "user"));
    assertEquals(
        new Cli(2, "", "kgen: TILE_N=48 is not a power of two; use 32 or 64\n"),
        Cli.runWith(Map.of(), new Object[] {new Boom()}, "boom", "--kind", "validation"));
  }

  @Test
  void internalErrorsSayHowToGetTheStackTraceAndExitOne() {
    assertEquals(
        new Cli(
            1,
            "",
            "kgen: internal error: IllegalStateException: emitter lost a barrier\n"
                + "(run with KGEN_DEBUG=1 for the stack trace)\n"),
        Cli.runWith(Map.of(), new Object[] {new Boom()}, "boom"));
    Cli debug = Cli.runWith(Map.of("KGEN_DEBUG", "1"), new Object[] {new Boom()}, "boom");
    assertEquals(1, debug.exitCode());
    assertTrue(debug.err().startsWith("kgen: internal error: IllegalStateException: emitter lost a barrier\n"
        + "java.lang.IllegalStateException: emitter lost a barrier\n\tat "), debug.err());
  }

  @Test
  void benchRejectsANegativeWarmUp() {
    assertEquals(new Cli(2, "", "kgen: --warmup-ms must not be negative, got -5\n"),
        Cli.run("bench", "--cases", "cases.json", "--warmup-ms", "-5"));
    assertEquals(new Cli(2, "", "kgen: --warmups must not be negative, got -1\n"),
        Cli.run("bench", "--cases", "cases.json", "--warmups", "-1"));
  }
}
