package dev.kgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code kgen gen --copy-stages}: the pipelined CUDA source, and a wrong count as one line. */
class GenCommandTest {
  @Test
  void twoCopyStagesPipelineTheLoop() {
    Cli two = Cli.run(Map.of(), "gen", "--tile", "32", "--vec", "8", "--copy-stages", "2");
    assertEquals(0, two.exitCode(), two.err());
    assertTrue(two.out().contains("const int kgen_next = j + 1;"), "the next tile's copies start in each iteration");
    Cli one = Cli.run(Map.of(), "gen", "--tile", "32", "--vec", "8");
    assertEquals(0, one.exitCode(), one.err());
    assertFalse(one.out().contains("kgen_next"));
  }

  @Test
  void aStageCountOtherThanOneOrTwoIsOneLineAndExitTwo() {
    Cli r = Cli.run(Map.of(), "gen", "--copy-stages", "3");
    assertEquals(2, r.exitCode());
    assertEquals("kgen: --copy-stages must be 1 or 2, got 3\n", r.err());
  }
}
