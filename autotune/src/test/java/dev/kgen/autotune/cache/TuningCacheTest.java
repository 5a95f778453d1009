package dev.kgen.autotune.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuningCacheTest {
  @TempDir Path dir;
  private final List<String> warnings = new ArrayList<>();

  private TuningCache cache() {
    return TuningCache.builder()
        .directory(dir)
        .warnings(warnings::add)
        .clock(Clock.fixed(Instant.parse("2026-11-27T06:00:00.123Z"), ZoneOffset.UTC))
        .build();
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void storesAndReadsBackOneFilePerKey() throws IOException {
    TuningCache cache = cache();
    TuningRecord r = Fixtures.record(32, 64);
    Path file = cache.put(r);
    assertEquals(dir.resolve(r.keyHash() + ".json"), file);
    assertEquals(Optional.of(r), cache.get(r.key()));
    assertEquals(Optional.of(r), cache.get(r.keyHash()));
    assertEquals(Optional.of(r), cache.get(Fixtures.key(17)), "batch 17 falls in the bucket of 32");
    assertEquals(Optional.empty(), cache.get(Fixtures.key(8)));
    assertEquals(List.of(r.keyHash() + ".json"), files(), "no temporary file is left behind");
    assertTrue(warnings.isEmpty());
  }

  @Test
  void aNewRecordReplacesTheOld() {
    TuningCache cache = cache();
    cache.put(Fixtures.record(32, 64));
    cache.put(Fixtures.record(32, 128));
    assertEquals("LAYOUT=row,TILE_N=128,WARPS=4", cache.get(Fixtures.key(32)).orElseThrow().best().toString());
    assertEquals(1, cache.list().size());
  }

  @Test
  void listsRemovesAndClears() throws IOException {
    TuningCache cache = cache();
    for (int batch : new int[] {1, 2, 4, 8}) {
      cache.put(Fixtures.record(batch, 32));
    }
    Files.writeString(dir.resolve("notes.txt"), "not a record");
    List<TuningRecord> all = cache.list();
    assertEquals(4, all.size());
    assertEquals(all.stream().map(TuningRecord::keyHash).sorted().toList(), cache.keyHashes());
    String first = cache.keyHashes().get(0);
    assertEquals(List.of(first), cache.keyHashesStartingWith(first.substring(0, 10)));
    assertTrue(cache.remove(first));
    assertFalse(cache.remove(first));
    assertEquals(3, cache.list().size());
    assertEquals(3, cache.clear());
    assertEquals(List.of("notes.txt"), files());
    assertEquals(0, TuningCache.at(dir.resolve("missing")).clear());
    assertEquals(List.of(), TuningCache.at(dir.resolve("missing")).list());
  }

  @Test
  void aCorruptFileIsSetAsideWithAWarningAndIsAMiss() throws IOException {
    TuningCache cache = cache();
    TuningRecord r = Fixtures.record(32, 64);
    Path file = cache.put(r);
    String good = Files.readString(file);
    Files.writeString(file, good.substring(0, good.length() / 2)); // a torn write
    assertEquals(Optional.empty(), cache.get(r.key()));
    String aside = r.keyHash() + ".json.corrupt-20261127T060000.123Z";
    assertEquals(List.of(aside), files());
    assertEquals(1, warnings.size());
    assertTrue(
        warnings.get(0).startsWith("tuning cache entry " + file + " is not a usable tuning record: not valid JSON ("),
        warnings.get(0));
    assertTrue(warnings.get(0).endsWith("; moved it aside to " + aside + " and treating it as a miss"), warnings.get(0));
    cache.put(r);
    assertEquals(Optional.of(r), cache.get(r.key()), "the next tuning writes a good record again");
    assertEquals(1, cache.clear());
    assertEquals(List.of(), files(), "clear also removes what was set aside");
  }

  @Test
  void aForeignFileIsSetAside() throws IOException {
    TuningCache cache = cache();
    TuningRecord r = Fixtures.record(32, 64);
    Path file = cache.put(r);
    Files.writeString(file, Files.readString(file).replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 7"));
    assertEquals(List.of(), cache.list());
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("its schema version is 7 but this kgen reads version 1"), warnings.get(0));
  }

  @Test
  void aRecordUnderAnotherKeysNameIsSetAside() throws IOException {
    TuningCache cache = cache();
    TuningRecord a = Fixtures.record(32, 64);
    TuningRecord b = Fixtures.record(8, 64);
    Files.copy(cache.put(a), cache.pathOf(b.keyHash()));
    assertEquals(Optional.empty(), cache.get(b.key()));
    assertEquals(Optional.of(a), cache.get(a.key()));
    assertTrue(warnings.get(0).contains("it holds the record of key " + a.keyHash()), warnings.get(0));
    assertTrue(files().contains(b.keyHash() + ".json.corrupt-20261127T060000.123Z"));
  }

  @Test
  void anUnreadableEntryIsSetAside() throws IOException {
    TuningCache cache = cache();
    TuningRecord r = Fixtures.record(32, 64);
    Files.createDirectories(cache.pathOf(r.keyHash())); // reading a directory fails
    assertEquals(Optional.empty(), cache.get(r.key()));
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("it cannot be read ("), warnings.get(0));
    assertEquals(List.of(r.keyHash() + ".json.corrupt-20261127T060000.123Z"), files());
  }

  @Test
  void twoCorruptionsInTheSameMillisecondGetDistinctNames() throws IOException {
    TuningCache cache = cache();
    TuningRecord r = Fixtures.record(32, 64);
    for (int i = 0; i < 2; i++) {
      Files.writeString(cache.pathOf(r.keyHash()), "garbage", StandardCharsets.UTF_8);
      assertEquals(Optional.empty(), cache.get(r.key()));
    }
    String stem = r.keyHash() + ".json.corrupt-20261127T060000.123Z";
    assertEquals(List.of(stem, stem + "-1"), files());
  }

  @Test
  void keyHashesAreValidated() {
    assertEquals(
        "'abc' is not a tuning key hash; expected 64 lower-case hex digits",
        assertThrows(IllegalArgumentException.class, () -> cache().get("abc")).getMessage());
  }

  @Test
  void theDirectoryComesFromTheEnvironment() {
    assertEquals(Path.of("/tmp/tunes"), TuningCache.defaultDirectory(Map.of("KGEN_TUNE_CACHE", "/tmp/tunes")));
    assertTrue(TuningCache.defaultDirectory(Map.of()).endsWith("tune"));
  }
}
