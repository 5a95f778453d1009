package dev.kgen.autotune.cache;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads back many records in a loop; run as a second JVM by {@link
 * TuningCacheConcurrencyTest} while the test's JVM does the same to the same keys.
 *
 * <p>Arguments: cache directory, number of keys, rounds, writer id. Prints {@code started} before
 * the first write; exits 3 if any read missed or any warning was raised.
 */
public final class ConcurrentCacheWriter {
  private ConcurrentCacheWriter() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int keys = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    int writer = Integer.parseInt(args[3]);
    System.out.println("started");
    System.out.flush();
    List<String> problems = write(dir, keys, rounds, writer);
    problems.forEach(System.out::println);
    System.out.println("done");
    System.exit(problems.isEmpty() ? 0 : 3);
  }

  /** Each round writes every key and reads it back; returns the misses and warnings seen. */
  static List<String> write(Path dir, int keys, int rounds, int writer) {
    List<String> problems = new ArrayList<>();
    TuningCache cache =
        TuningCache.builder().directory(dir).warnings(w -> problems.add("warning: " + w)).build();
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < keys; k++) {
        TuningRecord r = Fixtures.record(1 << k, writer * 10_000 + round);
        cache.put(r);
        if (cache.get(r.key()).isEmpty()) {
          problems.add("writer " + writer + " missed key " + k + " in round " + round);
        }
      }
    }
    return problems;
  }
}
