package dev.kgen.runtime.jvm;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Daemon threads that help a launching thread run one launch's work, and then spin for a
 * quarter millisecond and yield for 20 ms before parking, so that the next launch finds them
 * awake. Launches of
 * small grids take a millisecond or two; waking a parked thread (on a virtual machine, its
 * idle virtual CPU) can take as long, and then the launching thread had run most programs
 * alone by the time its helper arrived. OpenMP runtimes spin between parallel regions for the
 * same reason.
 *
 * <p>One launch at a time uses the helpers; a launch that finds them busy runs on its own
 * thread alone instead of waiting.
 */
final class HelperThreads {
  /**
   * How long an idle helper spins before it parks: longer than the gap between back-to-back
   * launches (a benchmark's or the tuner's), short enough not to take a core from the JIT
   * compiler or another process for long.
   */
  static final long SPIN_NANOS = 250_000;

  /**
   * After spinning, how long an idle helper keeps yielding its core before it parks. A yielding
   * thread stays runnable, so its virtual CPU never goes idle and the next launch needs no
   * wake-up, yet any other runnable thread (the JIT compiler, another process) runs first.
   * Without this phase a helper that parked between two launches (its launching thread was
   * descheduled for a moment) woke milliseconds late and the launch ran on one thread.
   */
  static final long YIELD_NANOS = 20_000_000;

  private final Helper[] helpers;
  private final ReentrantLock inUse = new ReentrantLock();

  HelperThreads(int count) {
    helpers = new Helper[count];
    for (int i = 0; i < count; i++) {
      helpers[i] = new Helper();
      Thread t = new Thread(helpers[i], "kgen-jvm-helper-" + i);
      t.setDaemon(true);
      helpers[i].thread = t;
      t.start();
    }
  }

  int count() {
    return helpers.length;
  }

  /**
   * Runs {@code work} on {@code helpersWanted} helpers and on the calling thread, and returns
   * when every copy has returned; false, having run nothing, when another launch holds the
   * helpers.
   */
  boolean run(int helpersWanted, Runnable work) {
    if (!inUse.tryLock()) {
      return false;
    }
    try {
      int n = Math.min(helpersWanted, helpers.length);
      AtomicInteger running = new AtomicInteger(n);
      Runnable counted = () -> {
        try {
          work.run();
        } finally {
          running.decrementAndGet();
        }
      };
      for (int i = 0; i < n; i++) {
        helpers[i].task = counted;
        LockSupport.unpark(helpers[i].thread);
      }
      work.run();
      awaitZero(running);
      return true;
    } finally {
      inUse.unlock();
    }
  }

  private static void awaitZero(AtomicInteger running) {
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    while (running.get() != 0) {
      if (System.nanoTime() < spinUntil) {
        Thread.onSpinWait();
      } else {
        Thread.yield(); // a helper still at work may be waiting for this core
      }
    }
  }

  /** One helper: waits for a task, spinning first, and runs it. */
  private static final class Helper implements Runnable {
    volatile Runnable task;
    Thread thread;

    @Override
    public void run() {
      while (true) {
        Runnable t = awaitTask();
        task = null;
        t.run(); // the scheduler's work catches every failure itself
      }
    }

    private Runnable awaitTask() {
      long start = System.nanoTime();
      Runnable t;
      while ((t = task) == null) {
        long idle = System.nanoTime() - start;
        if (idle < SPIN_NANOS) {
          Thread.onSpinWait();
        } else if (idle < SPIN_NANOS + YIELD_NANOS) {
          Thread.yield();
        } else {
          LockSupport.park(this);
        }
      }
      return t;
    }
  }
}
