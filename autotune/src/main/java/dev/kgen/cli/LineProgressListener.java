package dev.kgen.cli;

import dev.kgen.autotune.Budget;
import dev.kgen.autotune.Outcome;
import dev.kgen.autotune.SearchStrategy;
import dev.kgen.autotune.Trial;
import dev.kgen.autotune.TuningSpace;
import java.io.PrintStream;
import java.util.Optional;

/**
 * A search as plain lines, for logs and pipes: one per candidate with its time or why it failed
 * and the best so far, one when the finalists are timed again.
 */
final class LineProgressListener implements ProgressDisplay {
  private final PrintStream out;
  private final String taskName;
  private long planned;
  private int evaluated;

  LineProgressListener(PrintStream out, String taskName) {
    this.out = out;
    this.taskName = taskName;
  }

  @Override
  public synchronized void started(TuningSpace space, SearchStrategy strategy, Budget budget) {
    planned = ProgressDisplay.plannedCandidates(space, budget);
    evaluated = 0;
    out.println(taskName + ": up to " + planned + " candidates");
  }

  @Override
  public synchronized void evaluated(Trial trial, Optional<Trial> best) {
    evaluated++;
    String result = trial.outcome() instanceof Outcome.Measured m
        ? Units.seconds(m.medianSeconds())
        : "failed, " + trial.outcome();
    String bestSoFar = best.map(b -> b.number() == trial.number() ? " (best so far)"
        : "; best " + b.configuration() + " " + Units.seconds(b.score())).orElse("");
    out.println(taskName + " " + evaluated + "/" + planned + ": " + trial.configuration() + " " + result + bestSoFar);
  }

  @Override
  public synchronized void finalRoundStarted(int finalists, int timings) {
    out.println("timing " + finalists + " finalists again (" + timings + " timings)");
  }

  @Override
  public void close() {
    out.flush();
  }
}
