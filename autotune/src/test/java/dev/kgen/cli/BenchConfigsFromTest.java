package dev.kgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kgen bench --configs-from}: each case runs the configuration an earlier result gives it. */
class BenchConfigsFromTest {
  private static final String CASES = "[{\"name\": \"tiny\", \"num_seqs\": 2, \"q_heads\": 4, \"kv_heads\": 1, \"head\": 32,"
      + " \"block\": 16, \"seq_len\": 40}, {\"name\": \"tiny_alibi\", \"num_seqs\": 1, \"q_heads\": 2, \"kv_heads\": 1,"
      + " \"head\": 32, \"block\": 16, \"seq_len\": 33, \"alibi\": true}]";

  private static Path write(Path dir, String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static String given(String tiny, String alibi) {
    return "{\"rows\": [{\"name\": \"tiny\", \"config\": \"" + tiny + "\"}, {\"name\": \"tiny_alibi\", \"config\": \""
        + alibi + "\"}]}";
  }

  @Test
  void eachCaseRunsItsGivenConfigurationAndPassesTheCheck(@TempDir Path dir) throws IOException {
    Path cases = write(dir, "cases.json", CASES);
    Path from = write(dir, "from.json", given("TILE_N=32,PROGRAMS_PER_TASK=2,PARTITION_TILES=0", "TILE_N=16,PARTITION_TILES=1"));
    Path out = dir.resolve("out.json");
    Cli r = Cli.run(Map.of(), "bench", "--cases", cases.toString(), "--backend", "jvm", "--check", "--reps", "2",
        "--warmups", "1", "--warmup-ms", "0", "--configs-from", from.toString(), "--json", out.toString(),
        "--cache-dir", dir.resolve("cache").toString());
    assertEquals(0, r.exitCode(), r.err() + r.out());
    JsonNode rows = new ObjectMapper().readTree(out.toFile()).path("rows");
    assertEquals("TILE_N=32,THREADS=128,VEC=4,PROGRAMS_PER_TASK=2,PARTITION_TILES=0,COPY_STAGES=1", rows.get(0).path("config").asText());
    assertEquals("TILE_N=16,THREADS=128,VEC=4,PROGRAMS_PER_TASK=1,PARTITION_TILES=1,COPY_STAGES=1", rows.get(1).path("config").asText());
    assertEquals("given", rows.get(0).path("config_source").asText());
    assertTrue(rows.get(0).path("passed").asBoolean() && rows.get(1).path("passed").asBoolean(), rows.toString());
  }

  @Test
  void aMissingCaseIsOneLineAndExitTwoBeforeAnythingRuns(@TempDir Path dir) throws IOException {
    Path cases = write(dir, "cases.json", CASES);
    Path from = write(dir, "from.json", "{\"rows\": [{\"name\": \"tiny\", \"config\": \"TILE_N=16\"}]}");
    Cli r = Cli.run(Map.of(), "bench", "--cases", cases.toString(), "--backend", "jvm", "--configs-from", from.toString());
    assertEquals(new Cli(2, "", "kgen: --configs-from " + from + " has no row for case tiny_alibi; it has tiny\n"), r);
  }

  @Test
  void malformedConfigurationsAndFilesAreNamed(@TempDir Path dir) throws IOException {
    Path cases = write(dir, "cases.json", CASES);
    Path bad = write(dir, "bad.json", given("TILE_N=16", "TILE_N:16"));
    assertEquals(new Cli(2, "", "kgen: --configs-from " + bad + ": case tiny_alibi has config 'TILE_N:16'; expected KEY=VALUE"
        + " pairs separated by commas, e.g. TILE_N=64,VEC=8\n"),
        Cli.run(Map.of(), "bench", "--cases", cases.toString(), "--backend", "jvm", "--configs-from", bad.toString()));
    Path word = write(dir, "word.json", given("TILE_N=sixteen", "TILE_N=16"));
    assertEquals(new Cli(2, "", "kgen: --configs-from " + word + ": case tiny has TILE_N='sixteen'; expected an integer\n"),
        Cli.run(Map.of(), "bench", "--cases", cases.toString(), "--backend", "jvm", "--configs-from", word.toString()));
    Path noRows = write(dir, "norows.json", "[]");
    assertEquals(new Cli(2, "", "kgen: --configs-from " + noRows + " has no \"rows\" list; expected the JSON of kgen bench"
        + " --json\n"),
        Cli.run(Map.of(), "bench", "--cases", cases.toString(), "--backend", "jvm", "--configs-from", noRows.toString()));
    Path odd = write(dir, "odd.json", given("TILE_N=24", "TILE_N=16"));
    Cli r = Cli.run(Map.of(), "bench", "--cases", cases.toString(), "--backend", "jvm", "--reps", "1", "--warmups", "0",
        "--warmup-ms", "0", "--configs-from", odd.toString(), "--cache-dir", dir.resolve("cache").toString());
    assertEquals(2, r.exitCode(), r.out());
    assertEquals("kgen: --configs-from " + odd + ": case tiny: TILE_N must be a power of two, got 24\n", r.err());
  }

  @Test
  void givenConfigurationsExcludeTuningAndTheDefault(@TempDir Path dir) throws IOException {
    Path cases = write(dir, "cases.json", CASES);
    Path from = write(dir, "from.json", given("TILE_N=16", "TILE_N=16"));
    String message = "kgen: --configs-from runs given configurations; it cannot be combined with --untuned or --tune-budget\n";
    assertEquals(new Cli(2, "", message), Cli.run(Map.of(), "bench", "--cases", cases.toString(), "--backend", "jvm",
        "--configs-from", from.toString(), "--untuned"));
    assertEquals(new Cli(2, "", message), Cli.run(Map.of(), "bench", "--cases", cases.toString(), "--backend", "jvm",
        "--configs-from", from.toString(), "--tune-budget", "4"));
  }

  @Test
  void aConfigurationTooLargeForTheBackendFailsItsCaseAndTheOthersStillRun(@TempDir Path dir) throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        !dev.kgen.runtime.opencl.OpenClDevices.list().isEmpty() || "1".equals(System.getenv("KGEN_REQUIRE_OPENCL")),
        "no OpenCL device");
    Path cases = write(dir, "cases.json", "[{\"name\": \"wide\", \"num_seqs\": 1, \"q_heads\": 2, \"kv_heads\": 1,"
        + " \"head\": 128, \"block\": 16, \"seq_len\": 40}, {\"name\": \"tiny\", \"num_seqs\": 1, \"q_heads\": 2,"
        + " \"kv_heads\": 1, \"head\": 32, \"block\": 16, \"seq_len\": 40}]");
    // 128-token tiles of head 128 stage a 128 x 128 transpose: 64 KiB, over OpenCL's 48 KiB
    Path from = write(dir, "from.json", "{\"rows\": [{\"name\": \"wide\", \"config\": \"TILE_N=128\"},"
        + " {\"name\": \"tiny\", \"config\": \"TILE_N=16\"}]}");
    Path out = dir.resolve("out.json");
    Cli r = Cli.run(Map.of(), "bench", "--cases", cases.toString(), "--backend", "opencl", "--check", "--reps", "1",
        "--warmups", "0", "--warmup-ms", "0", "--configs-from", from.toString(), "--json", out.toString(),
        "--cache-dir", dir.resolve("cache").toString());
    assertEquals(ExitCodes.CHECK_FAILED, r.exitCode(), r.err() + r.out());
    String reason = "paged_attention_decode: trans bf16[128, 128] -> bf16[128, 128] stages 65536 bytes in shared memory,"
        + " more than the 49152-byte static limit; use smaller tiles";
    assertTrue(r.err().contains("kgen: wide cannot run its configuration: " + reason), r.err());
    JsonNode rows = new ObjectMapper().readTree(out.toFile()).path("rows");
    assertEquals(reason, rows.get(0).path("error").asText());
    assertTrue(!rows.get(0).path("passed").asBoolean() && rows.get(1).path("passed").asBoolean(), rows.toString());
  }
}
