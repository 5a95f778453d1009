package dev.kgen.cli;

import dev.kgen.autotune.Budget;
import dev.kgen.autotune.Configuration;
import dev.kgen.autotune.Measurement;
import dev.kgen.autotune.SearchStrategy;
import dev.kgen.autotune.Trial;
import dev.kgen.autotune.TuningResult;
import dev.kgen.autotune.TuningSpace;
import java.io.PrintStream;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Draws a search on the terminal for commands such as {@code kgen tune}: candidates evaluated out
 * of those the space and budget allow, with the best configuration so far. Close it after the
 * search (it also closes itself when the search finishes).
 */
public final class ProgressBarListener implements ProgressDisplay {
  private final String taskName;
  private final ProgressBarConsumer consumer;
  private ProgressBar bar;

  public ProgressBarListener(String taskName, ProgressBarConsumer consumer) {
    this.taskName = taskName;
    this.consumer = consumer;
  }

  /** A bar on the given stream, usually {@code System.err} so that stdout stays parseable. */
  public static ProgressBarListener on(PrintStream stream, String taskName) {
    return new ProgressBarListener(taskName, new ConsoleProgressBarConsumer(stream));
  }

  @Override
  public synchronized void started(TuningSpace space, SearchStrategy strategy, Budget budget) {
    long planned = ProgressDisplay.plannedCandidates(space, budget);
    bar =
        new ProgressBarBuilder()
            .setTaskName(taskName)
            .setInitialMax(planned)
            .setStyle(ProgressBarStyle.ASCII)
            .setUnit(" candidates", 1)
            .setConsumer(consumer)
            .build();
  }

  @Override
  public synchronized void evaluated(Trial trial, Optional<Trial> best) {
    if (bar == null) {
      return;
    }
    bar.step();
    best.ifPresent(b -> bar.setExtraMessage("best " + b.configuration() + " " + Units.seconds(b.score())));
  }

  @Override
  public synchronized void finished(TuningResult result) {
    if (bar != null) {
      bar.maxHint(bar.getCurrent()); // pruning and early stops end the search short of the plan
    }
    close();
  }

  @Override
  public synchronized void finalRoundStarted(int finalists, int timings) {
    close();
    bar =
        new ProgressBarBuilder()
            .setTaskName("timing " + finalists + " finalists again")
            .setInitialMax(timings)
            .setStyle(ProgressBarStyle.ASCII)
            .setUnit(" timings", 1)
            .setConsumer(consumer)
            .build();
  }

  @Override
  public synchronized void retimed(Configuration configuration, Measurement measurement) {
    if (bar != null) {
      bar.step();
    }
  }

  @Override
  public synchronized void finalRoundFinished(TuningResult result) {
    close();
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
