package dev.kgen.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kgen tune}: the kernels that can be tuned, one subcommand each. */
@Command(name = "tune", header = "Find and cache the fastest configuration of a kernel for a shape.",
    subcommands = {TunePagedAttentionCommand.class})
final class TuneCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw Kgen.missingSubcommand(spec);
  }
}
