package dev.kgen.cli;

import dev.kgen.autotune.cache.TuningCache;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kgen cache clear --yes}: forgets every tuned configuration. */
@Command(name = "clear", header = "Delete every tuned configuration, so kernels are tuned again.")
final class CacheClearCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private CacheDirOption cacheDir;

  @Option(names = {"-y", "--yes"}, description = "Really delete; without it nothing is deleted.")
  private boolean yes;

  @Override
  public Integer call() {
    TuningCache cache = cacheDir.open();
    PrintWriter out = spec.commandLine().getOut();
    int stored = cache.keyHashes().size();
    if (stored == 0) {
      out.println("no tuning records in " + cache.directory());
      return ExitCodes.OK;
    }
    if (!yes) {
      throw new KgenUserException(
          "refusing to delete " + records(stored) + " in " + cache.directory()
              + " without --yes; add --yes to delete them");
    }
    int removed = cache.clear();
    out.println("removed " + records(removed) + " from " + cache.directory());
    return ExitCodes.OK;
  }

  private static String records(int n) {
    return n + (n == 1 ? " tuning record" : " tuning records");
  }
}
