package dev.kgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kgen tune} end to end on OpenCL (PoCL in CI, which sets KGEN_REQUIRE_OPENCL=1) and on
 * the JVM: a small budget, a table of configurations, and a second run answered by the cache.
 */
class TuneCommandTest {
  private static final String[] SHAPE = {"--head-size", "32", "--block-size", "16", "--query-heads", "4", "--kv-heads", "1",
      "--batch", "2", "--seq-len", "48"};

  private static String[] args(String backend, Path cache, String budget) {
    String[] base = {"tune", "paged-attention", "--backend", backend, "--budget", budget, "--cache-dir", cache.toString()};
    String[] all = new String[base.length + SHAPE.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(SHAPE, 0, all, base.length, SHAPE.length);
    return all;
  }

  private static void tunesThenHitsTheCache(String backend, Path cache) {
    Cli first = Cli.run(Map.of(), args(backend, cache, "3"));
    assertEquals(0, first.exitCode(), first.err() + first.out());
    assertTrue(first.out().contains("SPEEDUP vs DEFAULT"), first.out());
    assertTrue(first.out().contains("(default)"), "the default configuration is in the table: " + first.out());
    assertTrue(first.out().contains("cached under key"), first.out());
    Cli second = Cli.run(Map.of(), args(backend, cache, "3"));
    assertEquals(0, second.exitCode(), second.err());
    assertTrue(second.out().contains("cached  "), "the second run answers from the cache: " + second.out());
    assertTrue(!second.out().contains("RANK"), "and does not tune again: " + second.out());
  }

  @Test
  void openClTunesThenAnswersFromTheCache(@TempDir Path cache) {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        !dev.kgen.runtime.opencl.OpenClDevices.list().isEmpty() || "1".equals(System.getenv("KGEN_REQUIRE_OPENCL")),
        "no OpenCL device");
    tunesThenHitsTheCache("opencl", cache);
  }

  @Test
  void jvmTunesThenAnswersFromTheCache(@TempDir Path cache) {
    tunesThenHitsTheCache("jvm", cache);
  }

  @Test
  void impossibleShapeIsOneLineAndExitTwo(@TempDir Path cache) {
    Cli r = Cli.run(Map.of(), "tune", "paged-attention", "--backend", "jvm", "--query-heads", "30", "--kv-heads", "8",
        "--cache-dir", cache.toString());
    assertEquals(2, r.exitCode());
    assertEquals("kgen: case 'cli': q_heads (30) must be a multiple of kv_heads (8)\n", r.err());
  }

  @Test
  void unreadableCaseFileIsOneLineAndExitTwo(@TempDir Path dir) {
    Path missing = dir.resolve("missing.json");
    Cli r = Cli.run(Map.of(), "bench", "--cases", missing.toString(), "--backend", "jvm");
    assertEquals(2, r.exitCode());
    assertEquals("kgen: cannot read cases file " + missing + ": no such file\n", r.err());
  }

  @Test
  void aCaseFileThatIsNotJsonSaysSoInOneLine(@TempDir Path dir) throws Exception {
    Path broken = Files.writeString(dir.resolve("cases.json"), "[{\"name\": \"a\",\n oops}]");
    Cli r = Cli.run(Map.of(), "bench", "--cases", broken.toString(), "--backend", "jvm");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("kgen: cannot read cases file " + broken + ": not valid JSON (Unexpected character")
        && r.err().lines().count() == 1, r.err());
  }

  @Test
  void aCaseFileOfTheWrongShapeSaysWhatItHolds(@TempDir Path dir) throws Exception {
    Path object = Files.writeString(dir.resolve("object.json"), "{\"name\": \"a\"}");
    assertEquals("kgen: cases file " + object + " holds an object; expected a list of cases, each an object such as"
        + " {\"name\": \"llama8b\", \"num_seqs\": 8, ...}\n", bench(object).err());
    Path empty = Files.writeString(dir.resolve("empty.json"), "[]");
    assertEquals("kgen: cases file " + empty + " holds an empty list; expected at least one case\n", bench(empty).err());
    Path number = Files.writeString(dir.resolve("number.json"), "[7]");
    assertEquals("kgen: cases file " + number + ": entry 0 is a number; expected an object of case fields\n",
        bench(number).err());
    assertEquals(2, bench(number).exitCode());
  }

  private static Cli bench(Path cases) {
    return Cli.run(Map.of(), "bench", "--cases", cases.toString(), "--backend", "jvm");
  }

  @Test
  void unknownDtypeIsOneLineAndExitTwo() {
    Cli r = Cli.run(Map.of(), "gen", "--dtype", "fp64");
    assertEquals(2, r.exitCode());
    assertEquals("kgen: unknown --dtype 'fp64': expected bf16 or fp16\n", r.err());
  }
}
