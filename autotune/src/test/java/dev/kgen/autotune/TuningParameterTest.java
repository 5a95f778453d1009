package dev.kgen.autotune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TuningParameterTest {
  @Test
  void intsKeepTheirOrderAndDefaultToTheFirst() {
    TuningParameter p = TuningParameter.ints("TILE_N", 32, 64, 128);
    assertEquals(List.of(32, 64, 128), p.values());
    assertEquals(32, p.defaultValue());
    assertTrue(p.isInt());
    assertEquals(2, p.indexOf(128));
    assertEquals(-1, p.indexOf(16));
  }

  @Test
  void stringsAndAnotherDefault() {
    TuningParameter p = TuningParameter.strings("LAYOUT", "row", "col").withDefault("col");
    assertFalse(p.isInt());
    assertEquals("col", p.defaultValue());
  }

  @Test
  void rejectsWhatCannotBeTunedWithMessagesThatSayWhy() {
    assertEquals(
        "tuning parameter TILE_N has no candidate values; give at least one",
        assertThrows(IllegalArgumentException.class, () -> TuningParameter.ints("TILE_N")).getMessage());
    assertEquals(
        "tuning parameter TILE_N lists the value 32 twice; list each candidate once",
        assertThrows(IllegalArgumentException.class, () -> TuningParameter.ints("TILE_N", 32, 32))
            .getMessage());
    assertEquals(
        "tuning parameter name 'tile n' is not an identifier; use letters, digits and '_' such as TILE_N",
        assertThrows(IllegalArgumentException.class, () -> TuningParameter.ints("tile n", 1))
            .getMessage());
    assertEquals(
        "tuning parameter TILE_N: the default 48 is not one of its candidates [32, 64]",
        assertThrows(
                IllegalArgumentException.class,
                () -> TuningParameter.ints("TILE_N", 32, 64).withDefault(48))
            .getMessage());
    assertEquals(
        "tuning parameter LAYOUT: the value 'a,b' must start with a letter or '_' and hold only"
            + " letters, digits, '_', '.' and '-'",
        assertThrows(IllegalArgumentException.class, () -> TuningParameter.strings("LAYOUT", "a,b"))
            .getMessage());
  }
}
