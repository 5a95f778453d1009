package dev.kgen.autotune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationTest {
  @Test
  void printsSortedByNameWhateverTheInsertionOrder() {
    Configuration c = Configuration.builder().set("THREADS", 128).set("TILE_N", 32).build();
    assertEquals("THREADS=128,TILE_N=32", c.toString());
    assertEquals(c, Configuration.of(Map.of("TILE_N", 32, "THREADS", 128)));
  }

  @Test
  void parseReadsBackWhatToStringWrites() {
    Configuration c = Configuration.builder().set("LAYOUT", "row").set("TILE_N", -4).set("X", 0).build();
    Configuration back = Configuration.parse(c.toString());
    assertEquals(c, back);
    assertEquals(-4, back.getInt("TILE_N"));
    assertEquals("row", back.getString("LAYOUT"));
    assertEquals(Configuration.empty(), Configuration.parse(""));
    assertEquals("", Configuration.empty().toString());
  }

  @Test
  void withReplacesOneValueAndLeavesTheOriginal() {
    Configuration c = Configuration.parse("A=1,B=2");
    assertEquals("A=1,B=3", c.with("B", 3).toString());
    assertEquals("A=1,B=2", c.toString());
    assertNotEquals(c, c.with("B", 3));
  }

  @Test
  void errorsNameTheProblem() {
    assertEquals(
        "cannot parse configuration 'A=1,B': entry 'B' is not NAME=VALUE; expected e.g."
            + " TILE_N=32,THREADS=128",
        assertThrows(IllegalArgumentException.class, () -> Configuration.parse("A=1,B")).getMessage());
    assertEquals(
        "cannot parse configuration 'A=1,A=2': A is given twice",
        assertThrows(IllegalArgumentException.class, () -> Configuration.parse("A=1,A=2")).getMessage());
    assertEquals(
        "configuration A=x: A is the string 'x', not an int",
        assertThrows(IllegalArgumentException.class, () -> Configuration.parse("A=x").getInt("A"))
            .getMessage());
    assertEquals(
        "configuration A=1 has no parameter B; it has [A]",
        assertThrows(RuntimeException.class, () -> Configuration.parse("A=1").get("B")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Configuration.builder().set("A", 1.5));
  }
}
