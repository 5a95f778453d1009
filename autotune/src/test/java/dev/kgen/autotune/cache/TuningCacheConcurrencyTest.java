package dev.kgen.autotune.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes tuning at once must never leave a file either of them cannot read. */
class TuningCacheConcurrencyTest {
  private static final int KEYS = 12;
  private static final int ROUNDS = 60;

  @TempDir Path dir;

  @Test
  void twoProcessesWritingTheSameKeysNeverCorruptAFile() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process other =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ConcurrentCacheWriter.class.getName(),
                dir.toString(),
                Integer.toString(KEYS),
                Integer.toString(ROUNDS),
                "2")
            .redirectErrorStream(true)
            .start();
    List<String> otherOutput = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
      String first = out.readLine();
      assertEquals("started", first, "the second JVM did not start");
      List<String> ours = ConcurrentCacheWriter.write(dir, KEYS, ROUNDS, 1);
      for (String line; (line = out.readLine()) != null; ) {
        otherOutput.add(line);
      }
      assertTrue(other.waitFor(120, TimeUnit.SECONDS), "the second JVM did not finish");
      assertEquals(0, other.exitValue(), "the second JVM saw problems: " + otherOutput);
      assertEquals(List.of(), ours, "this JVM saw problems");
    } finally {
      other.destroyForcibly();
    }

    List<String> names;
    try (Stream<Path> s = Files.list(dir)) {
      names = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(KEYS, names.size(), "one file per key, nothing set aside, no temporary left: " + names);
    List<String> warnings = new ArrayList<>();
    TuningCache cache = TuningCache.builder().directory(dir).warnings(warnings::add).build();
    List<TuningRecord> records = cache.list();
    assertEquals(KEYS, records.size());
    assertEquals(List.of(), warnings);
    Set<Integer> lastRounds = Set.of(10_000 + ROUNDS - 1, 20_000 + ROUNDS - 1);
    for (TuningRecord r : records) {
      assertTrue(
          lastRounds.contains(r.best().getInt("TILE_N")),
          "each file holds one writer's final record whole: " + r.best());
    }
    assertTrue(
        records.stream().map(r -> r.key().shapeBuckets().get(TuningKey.BATCH)).collect(Collectors.toSet()).size() == KEYS);
  }
}
