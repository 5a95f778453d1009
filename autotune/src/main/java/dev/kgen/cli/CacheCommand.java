package dev.kgen.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kgen cache}: the group of commands over the tuning cache. */
@Command(
    name = "cache",
    header = "List, show and clear the tuned configurations kgen remembers.",
    subcommands = {
      CacheListCommand.class,
      CacheShowCommand.class,
      CacheClearCommand.class,
    })
final class CacheCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw Kgen.missingSubcommand(spec);
  }
}
