package dev.kgen.autotune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TuningSpaceTest {
  private static TuningSpace tiles() {
    return TuningSpace.builder()
        .ints("TILE_M", 16, 32, 64)
        .ints("TILE_N", 16, 32, 64)
        .constraint(
            "threads",
            "TILE_M*TILE_N must be at most 1024 threads",
            c -> c.getInt("TILE_M") * c.getInt("TILE_N") <= 1024)
        .constraint("square-ish", "TILE_N may be at most 2*TILE_M", c -> c.getInt("TILE_N") <= 2 * c.getInt("TILE_M"))
        .build();
  }

  @Test
  void enumeratesTheProductLastParameterFastest() {
    TuningSpace space = TuningSpace.builder().ints("A", 1, 2).strings("B", "x", "y", "z").build();
    assertEquals(6, space.size());
    assertEquals("A=1,B=x", space.configurationAt(0).toString());
    assertEquals("A=1,B=y", space.configurationAt(1).toString());
    assertEquals("A=2,B=z", space.configurationAt(5).toString());
    assertEquals(6, space.enumerate().legal().size());
  }

  @Test
  void constraintsPruneWithTheFirstBrokenConstraintsReason() {
    SpaceEnumeration e = tiles().enumerate();
    assertEquals(9, e.total());
    assertEquals(
        List.of(
            "TILE_M=16,TILE_N=64 pruned by square-ish: TILE_N may be at most 2*TILE_M",
            "TILE_M=32,TILE_N=64 pruned by threads: TILE_M*TILE_N must be at most 1024 threads",
            "TILE_M=64,TILE_N=32 pruned by threads: TILE_M*TILE_N must be at most 1024 threads",
            "TILE_M=64,TILE_N=64 pruned by threads: TILE_M*TILE_N must be at most 1024 threads"),
        e.pruned().stream().map(PrunedConfiguration::toString).toList());
    assertEquals(5, e.legal().size());
    assertTrue(e.legal().stream().allMatch(tiles()::isLegal));
  }

  @Test
  void theDefaultComesFromTheParametersAndMustBeLegal() {
    assertEquals("TILE_M=16,TILE_N=16", tiles().defaultConfiguration().toString());
    TuningSpace chosen =
        tiles().toBuilder().defaultConfiguration(Configuration.parse("TILE_M=32,TILE_N=32")).build();
    assertEquals("TILE_M=32,TILE_N=32", chosen.defaultConfiguration().toString());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TuningSpace.builder()
                .parameter(TuningParameter.ints("T", 2048, 1024).withDefault(2048))
                .constraint("threads", "at most 1024 threads", c -> c.getInt("T") <= 1024)
                .build());
    assertEquals(
        "the default configuration T=2048 (from the parameters' defaults) breaks constraint"
            + " 'threads': at most 1024 threads; pick legal defaults with TuningParameter.withDefault"
            + " or TuningSpace.Builder.defaultConfiguration",
        e.getMessage());
  }

  @Test
  void neighboursMoveOneParameterOneStep() {
    TuningSpace space = tiles();
    assertEquals(
        List.of("TILE_M=16,TILE_N=32", "TILE_M=64,TILE_N=32", "TILE_M=32,TILE_N=16", "TILE_M=32,TILE_N=64"),
        space.neighbours(Configuration.parse("TILE_M=32,TILE_N=32")).stream().map(Object::toString).toList());
    assertEquals(2, space.neighbours(Configuration.parse("TILE_M=16,TILE_N=16")).size());
  }

  @Test
  void membershipIsCheckedWithReasons() {
    TuningSpace space = tiles();
    assertTrue(space.contains(Configuration.parse("TILE_M=16,TILE_N=32")));
    assertFalse(space.contains(Configuration.parse("TILE_M=16")));
    assertEquals(
        "configuration TILE_M=16,TILE_N=48 does not belong to the tuning space over [TILE_M, TILE_N]:"
            + " TILE_N=48 is not one of its candidates [16, 32, 64]",
        assertThrows(IllegalArgumentException.class, () -> space.parse("TILE_M=16,TILE_N=48")).getMessage());
    assertEquals(
        "configuration TILE_M=16,TILE_N=16,X=1 does not belong to the tuning space over"
            + " [TILE_M, TILE_N]: the space has no parameter X",
        assertThrows(IllegalArgumentException.class, () -> space.parse("TILE_M=16,TILE_N=16,X=1"))
            .getMessage());
  }

  @Test
  void rejectsDuplicateParametersAndUnlistableSpaces() {
    assertEquals(
        "tuning space declares parameter A twice; declare each once",
        assertThrows(IllegalArgumentException.class, () -> TuningSpace.builder().ints("A", 1).ints("A", 2).build())
            .getMessage());
    TuningSpace.Builder huge = TuningSpace.builder();
    for (int i = 0; i < 12; i++) {
      huge.ints("P" + i, 1, 2, 3, 4);
    }
    TuningSpace space = huge.build();
    assertEquals(1L << 24, space.size());
    assertEquals(
        "tuning space has 16777216 configurations, more than the 4194304 that can be listed; use"
            + " the 'random' strategy",
        assertThrows(IllegalArgumentException.class, space::enumerate).getMessage());
  }

  @Test
  void aConstraintThatThrowsIsNamed() {
    TuningSpace space = TuningSpace.builder().ints("A", 1).build();
    Constraint broken = new Constraint("needs-b", "B must be even", c -> c.getInt("B") % 2 == 0);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> broken.allows(space.defaultConfiguration()));
    assertTrue(e.getMessage().startsWith("constraint 'needs-b' failed on A=1: "), e.getMessage());
  }
}
