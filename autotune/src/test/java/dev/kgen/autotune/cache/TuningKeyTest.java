package dev.kgen.autotune.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TuningKeyTest {
  @Test
  void theHashIsStableAcrossRunsAndVersions() {
    // Pinned: a change here invalidates every user's tuning cache, so make it on purpose only
    // (and bump TuningKey.CANONICAL_VERSION).
    assertEquals("b2531de00cb3431c34ed92e63a08cc9c9496acfa52e397906a6df43f8dd36d45", Fixtures.key(32).hash());
  }

  @Test
  void sameFactsSameHash() {
    assertEquals(Fixtures.key(32).hash(), Fixtures.key(32).hash());
    assertEquals(Fixtures.key(32), Fixtures.key(32).toBuilder().build());
  }

  @Test
  void featureOrderDoesNotMatter() {
    TuningKey a = Fixtures.key(8).toBuilder().feature("ZETA", 1).feature("ALPHA", true).build();
    TuningKey b =
        Fixtures.key(8).toBuilder().features(Map.of("ALPHA", true, "ZETA", 1)).build();
    assertEquals(a.hash(), b.hash());
    assertEquals("[ALPHA, BLOCK, DTYPE, ZETA]", a.features().keySet().toString());
  }

  @Test
  void sizesInOneBucketShareAKey() {
    assertEquals(Fixtures.key(33).hash(), Fixtures.key(64).hash());
    assertEquals(64L, Fixtures.key(33).shapeBuckets().get(TuningKey.BATCH));
    assertEquals(1024L, Fixtures.key(33).shapeBuckets().get(TuningKey.SEQUENCE_LENGTH));
    assertNotEquals(Fixtures.key(64).hash(), Fixtures.key(65).hash());
  }

  @Test
  void everyFactIsPartOfTheHash() {
    String base = Fixtures.key(32).hash();
    assertNotEquals(base, Fixtures.key(32).toBuilder().deviceName("NVIDIA A100-SXM4-80GB").build().hash());
    assertNotEquals(base, Fixtures.key(32).toBuilder().deviceVersion("8.0").build().hash());
    assertNotEquals(base, Fixtures.key(32).toBuilder().driverVersion("12.5").build().hash());
    assertNotEquals(base, Fixtures.key(32).toBuilder().backend("opencl").build().hash());
    assertNotEquals(base, Fixtures.key(32).toBuilder().kernelHash("00").build().hash());
    assertNotEquals(base, Fixtures.key(32).toBuilder().feature("BLOCK", 256).build().hash());
    assertNotEquals(base, Fixtures.key(32).toBuilder().shape("heads", 8).build().hash());
  }

  @Test
  void fieldsCannotRunTogether() {
    // A feature named "A" = "BC" and one named "AB" = "C" must not collide.
    TuningKey a = Fixtures.key(1).toBuilder().feature("A", "BC").build();
    TuningKey b = Fixtures.key(1).toBuilder().feature("AB", "C").build();
    assertNotEquals(a.hash(), b.hash());
  }

  @Test
  void requiredFactsAreNamed() {
    assertEquals(
        "a tuning key needs a kernelHash; set it with TuningKey.Builder.kernelHash(...)",
        assertThrows(
                IllegalArgumentException.class,
                () -> TuningKey.builder().deviceName("cpu").backend("jvm").build())
            .getMessage());
  }
}
