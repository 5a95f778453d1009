package dev.kgen.autotune;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Evaluates a batch in two stages: compilation ({@link StagedEvaluator#prepare}) runs on an
 * executor up to {@code lookahead} candidates ahead, while checking and timing run one candidate
 * at a time on the calling thread, in batch order, so timings never share the device.
 */
public final class ParallelCompileEvaluator<A> implements CandidateEvaluator {
  private final StagedEvaluator<A> stages;
  private final Executor executor;
  private final int lookahead;
  private final Duration compileTimeout;

  private ParallelCompileEvaluator(
      StagedEvaluator<A> stages, Executor executor, int lookahead, Duration compileTimeout) {
    this.stages = Objects.requireNonNull(stages, "stages");
    this.executor = Objects.requireNonNull(executor, "executor");
    if (lookahead < 1) {
      throw new IllegalArgumentException("lookahead must be >= 1 candidate, got " + lookahead);
    }
    if (compileTimeout.isNegative() || compileTimeout.isZero()) {
      throw new IllegalArgumentException("compileTimeout must be positive, got " + compileTimeout);
    }
    this.lookahead = lookahead;
    this.compileTimeout = compileTimeout;
  }

  /** Compiles up to 2 x available processors ahead, waiting at most 5 minutes per compile. */
  public static <A> ParallelCompileEvaluator<A> of(StagedEvaluator<A> stages, Executor executor) {
    return new ParallelCompileEvaluator<>(
        stages, executor, 2 * Runtime.getRuntime().availableProcessors(), Duration.ofMinutes(5));
  }

  /** How many candidates may be compiling or compiled-but-unmeasured at once. */
  public ParallelCompileEvaluator<A> withLookahead(int candidates) {
    return new ParallelCompileEvaluator<>(stages, executor, candidates, compileTimeout);
  }

  /**
   * How long to wait for a candidate's compilation once it is next in line; past it the candidate
   * fails with {@link Outcome.Stage#TIMEOUT} and its compilation is cancelled.
   */
  public ParallelCompileEvaluator<A> withCompileTimeout(Duration timeout) {
    return new ParallelCompileEvaluator<>(stages, executor, lookahead, timeout);
  }

  @Override
  public Outcome evaluate(Configuration configuration) {
    Outcome[] result = new Outcome[1];
    evaluateBatch(
        List.of(configuration),
        (c, o) -> {
          result[0] = o;
          return true;
        });
    return result[0];
  }

  @Override
  public void evaluateBatch(List<Configuration> batch, Sink sink) {
    Deque<Compilation> inFlight = new ArrayDeque<>();
    int next = 0;
    try {
      for (Configuration c : batch) {
        while (inFlight.size() < lookahead && next < batch.size()) {
          Compilation started = new Compilation(batch.get(next++));
          executor.execute(started.task);
          inFlight.add(started);
        }
        Compilation current = inFlight.poll();
        assert current != null && current.configuration.equals(c);
        Outcome outcome = checkAndMeasure(current);
        if (Thread.currentThread().isInterrupted() || !sink.accept(c, outcome)) {
          return;
        }
      }
    } finally {
      inFlight.forEach(Compilation::abandon);
    }
  }

  private Outcome checkAndMeasure(Compilation compilation) {
    Configuration c = compilation.configuration;
    A artifact;
    try {
      artifact = compilation.task.get(compileTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      compilation.abandon();
      return Outcome.failed(
          Outcome.Stage.TIMEOUT, "compiling took longer than "
          + BigDecimal.valueOf(compileTimeout.toMillis(), 3).stripTrailingZeros().toPlainString() + " s");
    } catch (ExecutionException e) {
      return CandidateFailure.outcomeOf(e.getCause(), Outcome.Stage.COMPILE);
    } catch (CancellationException e) {
      return Outcome.failed(Outcome.Stage.COMPILE, "compilation was cancelled");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      compilation.abandon();
      return Outcome.failed(Outcome.Stage.COMPILE, "interrupted while waiting for compilation");
    }
    try {
      try {
        stages.check(c, artifact);
      } catch (Exception e) {
        return CandidateFailure.outcomeOf(e, Outcome.Stage.LAUNCH);
      }
      try {
        return Outcome.measured(stages.measure(c, artifact));
      } catch (Exception e) {
        return CandidateFailure.outcomeOf(e, Outcome.Stage.LAUNCH);
      }
    } finally {
      stages.release(artifact);
    }
  }

  /** One candidate's compilation on the executor. */
  private final class Compilation {
    private static final Object EMPTY = new Object();
    private static final Object ABANDONED = new Object();

    final Configuration configuration;
    final FutureTask<A> task;
    // Hands the artifact over exactly once: to whoever abandons the compilation, or back to the
    // compiling thread to release when it finishes after being abandoned.
    private final AtomicReference<Object> slot = new AtomicReference<>(EMPTY);

    Compilation(Configuration configuration) {
      this.configuration = configuration;
      this.task =
          new FutureTask<>(
              () -> {
                A artifact = stages.prepare(configuration);
                if (!slot.compareAndSet(EMPTY, artifact)) {
                  stages.release(artifact);
                }
                return artifact;
              });
    }

    /** Cancels a compilation that is no longer wanted and releases its artifact if there is one. */
    @SuppressWarnings("unchecked")
    void abandon() {
      Object previous = slot.getAndSet(ABANDONED);
      task.cancel(true);
      if (previous != EMPTY && previous != ABANDONED) {
        stages.release((A) previous);
      }
    }
  }
}
