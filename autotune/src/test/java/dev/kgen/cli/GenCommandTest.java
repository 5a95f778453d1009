package dev.kgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code kgen gen}: the pipelined CUDA source, bound or generic cache strides, a split's two kernels, and wrong
 * counts as one line.
 */
class GenCommandTest {
  @Test
  void twoCopyStagesPipelineTheLoop() {
    Cli two = Cli.run(Map.of(), "gen", "--tile", "32", "--vec", "8", "--copy-stages", "2");
    assertEquals(0, two.exitCode(), two.err());
    assertTrue(two.out().contains("const int kgen_next = j + 1;"), "the next tile's copies start in each iteration");
    assertTrue(two.out().contains("_at = kgen_copy"), "into the other stage");
    Cli one = Cli.run(Map.of(), "gen", "--tile", "32", "--vec", "8");
    assertEquals(0, one.exitCode(), one.err());
    assertFalse(one.out().contains("_at = kgen_copy"), "one stage: each buffer refilled after its dot, no stage views");
  }

  @Test
  void cacheStridesAreBoundUnlessAskedToStayArguments() {
    Cli bound = Cli.run(Map.of(), "gen", "--lang", "ir");
    assertEquals(0, bound.exitCode(), bound.err());
    // the first line declares the parameters; a bound stride is a constant in the body
    assertFalse(bound.out().lines().findFirst().orElseThrow().contains("stride_k_cache_0"), bound.out());
    assertTrue(bound.out().contains("%stride_k_cache_0 = full 16384 : i64"), bound.out());
    Cli generic = Cli.run(Map.of(), "gen", "--lang", "ir", "--generic-strides");
    assertEquals(0, generic.exitCode(), generic.err());
    assertTrue(generic.out().lines().findFirst().orElseThrow().contains("stride_k_cache_0"), generic.out());
  }

  @Test
  void aSplitPrintsThePartitionPassThenTheReduce() throws Exception {
    Cli r = Cli.run(Map.of(), "gen", "--partition-tiles", "16", "--seq-len", "4096");
    assertEquals(0, r.exitCode(), r.err());
    int pass = r.out().indexOf("extern \"C\" __global__ void __launch_bounds__(128) paged_attention_decode(");
    int reduce = r.out().indexOf("extern \"C\" __global__ void __launch_bounds__(128) paged_attention_reduce(");
    assertTrue(pass >= 0 && reduce > pass, r.out());
    assertTrue(r.out().substring(0, reduce).contains("PARTITION_TILES=16"), "the pass is specialized on the split");
    assertFalse(Cli.run(Map.of(), "gen").out().contains("paged_attention_reduce"), "one pass by default");
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("kgen-gen");
    Cli files = Cli.run(Map.of(), "gen", "--partition-tiles", "4", "--lang", "opencl", "--out", dir.toString());
    assertEquals(0, files.exitCode(), files.err());
    try (var listed = java.nio.file.Files.list(dir)) {
      assertEquals(java.util.List.of("paged_attention_decode", "paged_attention_reduce"),
          listed.map(f -> f.getFileName().toString().replaceAll("_[0-9a-f]{12}\\.cl$", "")).sorted().toList());
    }
  }

  @Test
  void aSplitMergedInThePassIsOneKernelWithItsCounter() {
    Cli r = Cli.run(Map.of(), "gen", "--partition-tiles", "16", "--seq-len", "4096", "--merge-in-pass");
    assertEquals(0, r.exitCode(), r.err());
    assertFalse(r.out().contains("paged_attention_reduce"), r.out());
    assertTrue(r.out().contains("MERGE_IN_PASS=true") && r.out().contains("int* partition_counter_ptr"), r.out());
    assertTrue(r.out().contains("atomicAdd(partition_counter_ptr"), r.out());
  }

  @Test
  void aMergeWithoutASplitIsOneLineAndExitTwo() {
    Cli r = Cli.run(Map.of(), "gen", "--merge-in-pass");
    assertEquals(2, r.exitCode());
    assertEquals("kgen: --merge-in-pass needs a split: give --partition-tiles N with N > 0\n", r.err());
  }

  @Test
  void aNegativePartitionIsOneLineAndExitTwo() {
    Cli r = Cli.run(Map.of(), "gen", "--partition-tiles", "-1");
    assertEquals(2, r.exitCode());
    assertEquals("kgen: --partition-tiles must be 0 (one pass) or a number of tiles, got -1\n", r.err());
  }

  @Test
  void aStageCountOtherThanOneOrTwoIsOneLineAndExitTwo() {
    Cli r = Cli.run(Map.of(), "gen", "--copy-stages", "3");
    assertEquals(2, r.exitCode());
    assertEquals("kgen: --copy-stages must be 1 or 2, got 3\n", r.err());
  }
}
