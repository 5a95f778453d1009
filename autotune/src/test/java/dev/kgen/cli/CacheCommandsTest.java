package dev.kgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.autotune.Configuration;
import dev.kgen.autotune.cache.TuningCache;
import dev.kgen.autotune.cache.TuningKey;
import dev.kgen.autotune.cache.TuningRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheCommandsTest {
  @TempDir Path dir;

  private static TuningKey key(String feature) {
    return TuningKey.builder()
        .deviceName("NVIDIA H100 80GB HBM3")
        .deviceVersion("9.0")
        .driverVersion("12.4")
        .backend("cuda")
        .kernelHash("9f8e7d6c5b4a39281706f5e4d3c2b1a0")
        .feature("BLOCK", feature)
        .batchSize(30)
        .sequenceLength(1024)
        .build();
  }

  private TuningRecord put(String feature) {
    TuningRecord r =
        TuningRecord.builder()
            .key(key(feature))
            .best(Configuration.parse("TILE_N=64,WARPS=4"))
            .medianSeconds(1.234e-5)
            .gigabytesPerSecond(1450.25)
            .defaultSeconds(2.468e-5)
            .timestamp(Instant.parse("2026-11-27T05:39:02Z"))
            .kgenVersion("0.1.0")
            .build();
    TuningCache.at(dir).put(r);
    return r;
  }

  private Cli kgen(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--cache-dir";
    all[args.length + 1] = dir.toString();
    return Cli.run(all);
  }

  @Test
  void listPrintsOneLinePerRecord() {
    TuningRecord r = put("128");
    Cli result = kgen("cache", "list");
    assertEquals(0, result.exitCode(), result.err());
    assertEquals(
        "KEY           BACKEND  DEVICE                 KERNEL        SHAPES                   BEST               MEDIAN   SPEEDUP  TUNED (UTC)\n"
            + r.keyHash().substring(0, 12)
            + "  cuda     NVIDIA H100 80GB HBM3  9f8e7d6c5b4a  batch<=32,seq_len<=1024  TILE_N=64,WARPS=4  12.3 us  2.00x    2026-11-27 05:39\n",
        result.out());
    assertEquals("", result.err());
  }

  @Test
  void listOfAnEmptyCacheSaysSo() {
    assertEquals(new Cli(0, "no tuning records in " + dir + "\n", ""), kgen("cache", "list"));
  }

  @Test
  void theCacheDirectoryComesFromTheEnvironmentWithoutTheOption() {
    put("128");
    Cli result = Cli.run(Map.of("KGEN_TUNE_CACHE", dir.toString()), "cache", "list");
    assertEquals(0, result.exitCode());
    assertEquals(2, result.out().lines().count());
  }

  @Test
  void showAcceptsAUniquePrefixAndPrintsEverything() {
    TuningRecord r = put("128");
    Cli result = kgen("cache", "show", r.keyHash().substring(0, 8));
    assertEquals(0, result.exitCode(), result.err());
    assertEquals(
        "key        " + r.keyHash() + "\n"
            + "backend    cuda\n"
            + "device     NVIDIA H100 80GB HBM3 (version 9.0, driver 12.4)\n"
            + "kernel     9f8e7d6c5b4a39281706f5e4d3c2b1a0\n"
            + "features   BLOCK=128\n"
            + "shapes     batch<=32,seq_len<=1024\n"
            + "best       TILE_N=64,WARPS=4\n"
            + "median     12.3 us\n"
            + "bandwidth  1450.3 GB/s\n"
            + "default    24.7 us (best is 2.00x faster)\n"
            + "tuned      2026-11-27T05:39:02Z by kgen 0.1.0\n"
            + "file       " + TuningCache.at(dir).pathOf(r.keyHash()) + "\n",
        result.out());
  }

  @Test
  void showJsonPrintsTheStoredFile() throws IOException {
    TuningRecord r = put("128");
    Cli result = kgen("cache", "show", "--json", r.keyHash().toUpperCase());
    assertEquals(0, result.exitCode(), result.err());
    assertEquals(Files.readString(TuningCache.at(dir).pathOf(r.keyHash())).strip() + "\n", result.out());
  }

  @Test
  void showRejectsWhatIsNotAKey() {
    assertEquals(
        new Cli(2, "", "kgen: 'xyz' is not a key hash; expected 4 to 64 hex digits as printed by 'kgen cache list'\n"),
        kgen("cache", "show", "xyz"));
  }

  @Test
  void showRefusesAnAmbiguousPrefix() {
    // Find two keys whose hashes share their first 4 digits.
    Map<String, String> seen = new HashMap<>();
    String prefix = null;
    for (int i = 0; prefix == null; i++) {
      String p = key(Integer.toString(i)).hash().substring(0, 4);
      String before = seen.putIfAbsent(p, Integer.toString(i));
      if (before != null) {
        put(before);
        put(Integer.toString(i));
        prefix = p;
      }
    }
    Cli result = kgen("cache", "show", prefix);
    assertEquals(2, result.exitCode());
    assertTrue(result.err().startsWith("kgen: key '" + prefix + "' is ambiguous: 2 records start with it ("), result.err());
    assertTrue(result.err().endsWith("); give more digits\n"), result.err());
  }

  @Test
  void aCorruptRecordIsReportedAsAWarningAndListingGoesOn() throws IOException {
    TuningRecord good = put("128");
    TuningRecord bad = put("256");
    Path badFile = TuningCache.at(dir).pathOf(bad.keyHash());
    Files.writeString(badFile, "{ torn");
    Cli result = kgen("cache", "list");
    assertEquals(0, result.exitCode());
    assertEquals(2, result.out().lines().count());
    assertTrue(result.out().contains(good.keyHash().substring(0, 12)));
    List<String> err = result.err().lines().toList();
    assertEquals(1, err.size(), result.err());
    assertTrue(err.get(0).startsWith("kgen: warning: tuning cache entry " + badFile + " is not a usable tuning record: not valid JSON"), err.get(0));
  }

  @Test
  void clearNeedsYes() {
    put("128");
    put("256");
    assertEquals(
        new Cli(2, "", "kgen: refusing to delete 2 tuning records in " + dir + " without --yes; add --yes to delete them\n"),
        kgen("cache", "clear"));
    assertEquals(2, TuningCache.at(dir).list().size());
    assertEquals(new Cli(0, "removed 2 tuning records from " + dir + "\n", ""), kgen("cache", "clear", "--yes"));
    assertEquals(List.of(), TuningCache.at(dir).list());
    assertEquals(new Cli(0, "no tuning records in " + dir + "\n", ""), kgen("cache", "clear", "-y"));
  }

  @Test
  void aCacheDirectoryThatIsAFileIsAUserError() throws IOException {
    Path file = Files.writeString(dir.resolve("plain.txt"), "x");
    Cli result = Cli.run("cache", "list", "--cache-dir", file.toString());
    assertEquals(
        new Cli(2, "", "kgen: the tuning cache " + file + " is a file, not a directory; pass a directory with --cache-dir or $KGEN_TUNE_CACHE\n"),
        result);
  }
}
