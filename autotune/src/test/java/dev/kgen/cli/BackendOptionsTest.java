package dev.kgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

class BackendOptionsTest {
  /** A command that reuses the mixins the way tune, bench and gen will. */
  @Command(name = "probe", header = "Prints the target it would use.")
  static final class Probe implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin BackendOptions target;
    @Mixin CacheDirOption cacheDir;

    @Override
    public Integer call() {
      spec.commandLine().getOut().println(
          target.backend() + " " + target.device().map(Object::toString).orElse("-") + " " + cacheDir.directory());
      return 0;
    }
  }

  private static Cli probe(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "probe";
    System.arraycopy(args, 0, all, 1, args.length);
    return Cli.runWith(Map.of("KGEN_TUNE_CACHE", "/tmp/t"), new Object[] {new Probe()}, all);
  }

  @Test
  void defaultsToAutoAndNoDevice() {
    assertEquals(new Cli(0, "auto - /tmp/t\n", ""), probe());
  }

  @Test
  void readsTheBackendAndDevice() {
    assertEquals(new Cli(0, "cuda 1 /x\n", ""), probe("--backend", "cuda", "--device", "1", "--cache-dir", "/x"));
    assertEquals(new Cli(0, "opencl h100 /tmp/t\n", ""), probe("--backend=opencl", "--device=h100"));
  }

  @Test
  void anUnknownBackendIsOneLineNamingTheChoices() {
    assertEquals(
        new Cli(
            2,
            "",
            "kgen: invalid value for option '--backend': unknown backend 'rocm'; expected one of cuda,"
                + " opencl, jvm, interpreter, auto; see 'kgen probe --help'\n"),
        probe("--backend", "rocm"));
  }

  @Test
  void helpListsTheBackends() {
    Cli r = probe("--help");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().replaceAll("\\s+", " ").contains("Where kernels run: cuda, opencl, jvm, interpreter, auto (default: auto)"), r.out());
  }
}
