package dev.kgen.cli;

import dev.kgen.autotune.Budget;
import dev.kgen.autotune.ProgressListener;
import dev.kgen.autotune.TuningSpace;
import java.io.PrintStream;

/** How a command shows a search as it goes: a redrawn bar on a terminal, plain lines elsewhere. */
public interface ProgressDisplay extends ProgressListener, AutoCloseable {
  @Override
  void close();

  /** The candidates a search will evaluate at most: the space's, or fewer where the budget caps them. */
  static long plannedCandidates(TuningSpace space, Budget budget) {
    return Math.min(space.size(), budget.maxCandidates().orElse(Integer.MAX_VALUE));
  }

  /**
   * A bar when the JVM has a console, else (output piped or redirected, as in CI logs) one line
   * per candidate, since a redrawn bar there is a run of carriage returns.
   */
  static ProgressDisplay on(PrintStream stream, String taskName) {
    return System.console() != null ? ProgressBarListener.on(stream, taskName) : new LineProgressListener(stream, taskName);
  }
}
