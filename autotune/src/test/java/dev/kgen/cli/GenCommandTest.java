package dev.kgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code kgen gen}: the pipelined CUDA source, bound or generic cache strides, and a wrong stage count as one line. */
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
  void aStageCountOtherThanOneOrTwoIsOneLineAndExitTwo() {
    Cli r = Cli.run(Map.of(), "gen", "--copy-stages", "3");
    assertEquals(2, r.exitCode());
    assertEquals("kgen: --copy-stages must be 1 or 2, got 3\n", r.err());
  }
}
