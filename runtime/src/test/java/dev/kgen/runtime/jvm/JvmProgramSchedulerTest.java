package dev.kgen.runtime.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JvmProgramSchedulerTest {
  @ParameterizedTest(name = "{0} programs, {1} threads, {2} per task")
  @CsvSource({"1, 1, 0", "100, 1, 7", "100, 3, 1", "1000, 4, 0", "37, 8, 64", "5, 2, 2"})
  void everyProgramRunsExactlyOnceInTasksOfTheRequestedSize(int total, int threads, int perTask) {
    AtomicIntegerArray runs = new AtomicIntegerArray(total);
    Set<Thread> threadsUsed = ConcurrentHashMap.newKeySet();
    JvmLaunchOptions options = new JvmLaunchOptions(threads, perTask);
    int expectedSize = options.programsPerTask(total);
    ProgramScheduler.run(total, options, (first, end) -> {
      threadsUsed.add(Thread.currentThread());
      assertTrue(end - first <= expectedSize && (end - first == expectedSize || end == total),
          "task [" + first + ", " + end + ") with " + expectedSize + " programs per task");
      for (int p = first; p < end; p++) {
        runs.incrementAndGet(p);
      }
    });
    for (int p = 0; p < total; p++) {
      assertEquals(1, runs.get(p), "program " + p);
    }
    assertTrue(threadsUsed.size() <= threads, threadsUsed.size() + " threads for parallelism " + threads);
  }

  @ParameterizedTest
  @CsvSource({"1", "4"})
  void theFirstFailureStopsTheLaunchAndIsRethrown(int threads) {
    IllegalStateException boom = new IllegalStateException("program 7 failed");
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> ProgramScheduler.run(100, new JvmLaunchOptions(threads, 1), (first, end) -> {
          if (first == 7) {
            throw boom;
          }
        }));
    assertSame(boom, thrown);
  }
}
