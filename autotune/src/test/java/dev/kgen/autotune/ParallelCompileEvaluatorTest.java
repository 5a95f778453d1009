package dev.kgen.autotune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelCompileEvaluatorTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  /** Compiles to the configuration's text; A=2 fails to compile, A=3 computes a wrong answer. */
  private static final class Stages implements StagedEvaluator<String> {
    final CountDownLatch allCompiling;
    final List<String> deviceLog = Collections.synchronizedList(new ArrayList<>());
    final List<String> released = Collections.synchronizedList(new ArrayList<>());
    final List<String> prepared = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger onDevice = new AtomicInteger();
    volatile Thread deviceThread;
    volatile boolean overlapped;

    Stages(int compilingTogether) {
      this.allCompiling = new CountDownLatch(compilingTogether);
    }

    @Override
    public String prepare(Configuration c) throws Exception {
      allCompiling.countDown();
      // Only returns once the others compile at the same time: proof of parallel compilation.
      if (!allCompiling.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("compilations did not overlap");
      }
      if (c.getInt("A") == 2) {
        throw CandidateFailure.compile("nvcc: error: identifier \"tile\" is undefined");
      }
      prepared.add(c.toString());
      return c.toString();
    }

    @Override
    public void check(Configuration c, String artifact) {
      enterDevice();
      try {
        deviceLog.add("check " + artifact);
        if (c.getInt("A") == 3) {
          throw CandidateFailure.wrongAnswer("out[0] = 7.0, expected 6.0");
        }
      } finally {
        onDevice.decrementAndGet();
      }
    }

    @Override
    public Measurement measure(Configuration c, String artifact) {
      enterDevice();
      try {
        deviceLog.add("measure " + artifact);
        return new Measurement(c.getInt("A") * 1e-6, 0, 5, Measurement.Stop.CONVERGED);
      } finally {
        onDevice.decrementAndGet();
      }
    }

    private void enterDevice() {
      if (onDevice.incrementAndGet() != 1 || Thread.currentThread() != deviceThread) {
        overlapped = true;
      }
    }

    @Override
    public void release(String artifact) {
      released.add(artifact);
    }
  }

  private static List<Configuration> batch(int... as) {
    List<Configuration> out = new ArrayList<>();
    for (int a : as) {
      out.add(Configuration.parse("A=" + a));
    }
    return out;
  }

  @Test
  void compilesInParallelAndChecksAndMeasuresInOrderOnTheCallingThread() {
    Stages stages = new Stages(4);
    stages.deviceThread = Thread.currentThread();
    List<String> outcomes = new ArrayList<>();
    ParallelCompileEvaluator.of(stages, pool)
        .withLookahead(4)
        .evaluateBatch(batch(1, 2, 3, 4), (c, o) -> outcomes.add(c + " " + o.getClass().getSimpleName() + " " + o));
    assertEquals(
        List.of(
            "A=1 Measured 1.000 us (spread 0.0%, n=5)",
            "A=2 Failed COMPILE: nvcc: error: identifier \"tile\" is undefined",
            "A=3 Failed WRONG_ANSWER: out[0] = 7.0, expected 6.0",
            "A=4 Measured 4.000 us (spread 0.0%, n=5)"),
        outcomes);
    assertEquals(List.of("check A=1", "measure A=1", "check A=3", "check A=4", "measure A=4"), stages.deviceLog);
    assertFalse(stages.overlapped, "device stages ran one at a time on the calling thread");
    assertEquals(List.of("A=1", "A=3", "A=4"), List.copyOf(stages.released));
  }

  @Test
  void stoppingEarlyCancelsAndReleasesWhatWasCompiledAhead() throws InterruptedException {
    Stages stages = new Stages(1);
    stages.deviceThread = Thread.currentThread();
    List<Configuration> seen = new ArrayList<>();
    ParallelCompileEvaluator.of(stages, pool)
        .withLookahead(3)
        .evaluateBatch(batch(1, 4, 5, 6), (c, o) -> seen.add(c) && false);
    assertEquals(batch(1), seen);
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    // Whatever was compiled ahead (A=4, A=5 unless cancelled first) is released exactly once;
    // A=6 was beyond the lookahead and never started.
    assertEquals(stages.prepared.stream().sorted().toList(), stages.released.stream().sorted().toList());
    assertTrue(stages.released.contains("A=1"));
    assertFalse(stages.prepared.contains("A=6"));
  }

  @Test
  void aCompilationThatTakesTooLongTimesOut() {
    StagedEvaluator<String> hanging =
        new StagedEvaluator<>() {
          @Override
          public String prepare(Configuration c) throws Exception {
            Thread.sleep(60_000);
            return "never";
          }

          @Override
          public void check(Configuration c, String a) {}

          @Override
          public Measurement measure(Configuration c, String a) {
            throw new AssertionError("not reached");
          }
        };
    Outcome o =
        ParallelCompileEvaluator.of(hanging, pool)
            .withCompileTimeout(Duration.ofMillis(50))
            .evaluate(Configuration.parse("A=1"));
    assertEquals(Outcome.failed(Outcome.Stage.TIMEOUT, "compiling took longer than 0.05 s"), o);
  }

  @Test
  void worksUnderTheTuner() {
    Stages stages = new Stages(1);
    stages.deviceThread = Thread.currentThread();
    TuningSpace space = TuningSpace.builder().ints("A", 5, 1, 2, 3, 4).build();
    TuningResult r =
        Tuner.create().run(space, ParallelCompileEvaluator.of(stages, pool), new ExhaustiveStrategy(), Budget.unlimited());
    assertEquals("A=1", r.bestConfiguration().orElseThrow().toString());
    assertEquals(2, r.failures().size());
    assertEquals(5.0, r.speedupOverDefault().getAsDouble(), 1e-9);
  }
}
