package dev.kgen.runtime.jvm;

import dev.kgen.errors.KgenUserException;

/**
 * How {@link JvmKernel#launch} spreads programs over threads; the autotuner's knobs.
 *
 * @param parallelism threads that run programs (1 runs them all on the calling thread)
 * @param programsPerTask consecutive programs one task runs with one set of tile arrays;
 *     {@link #AUTO} picks about four tasks per thread
 */
public record JvmLaunchOptions(int parallelism, int programsPerTask) {
  public static final int AUTO = 0;

  public JvmLaunchOptions {
    if (parallelism < 1) {
      throw new KgenUserException("JvmLaunchOptions: parallelism must be at least 1, got " + parallelism);
    }
    if (programsPerTask < 0) {
      throw new KgenUserException("JvmLaunchOptions: programsPerTask must be positive (or AUTO = 0), got "
          + programsPerTask);
    }
  }

  /** Every available processor, programs per task chosen per launch. */
  public static JvmLaunchOptions defaults() {
    return new JvmLaunchOptions(Runtime.getRuntime().availableProcessors(), AUTO);
  }

  public JvmLaunchOptions withParallelism(int threads) {
    return new JvmLaunchOptions(threads, programsPerTask);
  }

  public JvmLaunchOptions withProgramsPerTask(int programs) {
    return new JvmLaunchOptions(parallelism, programs);
  }

  /** The programs per task for a launch of {@code total} programs. */
  int programsPerTask(int total) {
    if (programsPerTask != AUTO) {
      return programsPerTask;
    }
    long tasks = (long) parallelism * 4;
    return (int) Math.max(1, (total + tasks - 1) / tasks);
  }
}
