package dev.kgen.runtime.jvm;

import dev.kgen.errors.KgenInternalError;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs programs {@code [0, total)} in tasks of consecutive programs on a pool of the requested
 * parallelism: each worker claims the next task from a shared counter until none is left, so
 * uneven programs balance themselves. The launching thread is one worker and {@link
 * HelperThreads} the others. Each worker makes its own {@link Range} once per launch (the
 * generated code's tile arrays live there). The first failure stops the launch and is
 * rethrown.
 */
final class ProgramScheduler {
  /** Runs programs {@code [first, end)}. */
  @FunctionalInterface
  interface Range {
    void run(int first, int end) throws Throwable;
  }

  /** Makes the range one worker runs its tasks with. */
  @FunctionalInterface
  interface Worker {
    Range start() throws Throwable;
  }

  /** Helpers per parallelism: parallelism - 1 threads, since the launching thread works too. */
  private static final Map<Integer, HelperThreads> HELPERS = new ConcurrentHashMap<>();

  private ProgramScheduler() {}

  /** Every worker shares {@code range}. */
  static void run(int total, JvmLaunchOptions options, Range range) {
    run(total, options, () -> range);
  }

  static void run(int total, JvmLaunchOptions options, Worker newWorker) {
    int perTask = options.programsPerTask(total);
    int tasks = (int) ((total + (long) perTask - 1) / perTask);
    int workers = Math.min(options.parallelism(), tasks);
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker = () -> {
      try {
        Range range = null;
        for (int t; failure.get() == null && (t = next.getAndIncrement()) < tasks; ) {
          if (range == null) {
            range = newWorker.start();
          }
          int first = t * perTask;
          range.run(first, (int) Math.min(total, (long) first + perTask));
        }
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    };
    boolean helped = workers > 1
        && HELPERS.computeIfAbsent(options.parallelism(), p -> new HelperThreads(p - 1)).run(workers - 1, worker);
    if (!helped) {
      worker.run();
    }
    Throwable e = failure.get();
    if (e instanceof RuntimeException r) {
      throw r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e != null) {
      throw new KgenInternalError("JVM backend: a program failed: " + e, e);
    }
  }
}
