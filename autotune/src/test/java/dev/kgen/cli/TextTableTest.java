package dev.kgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextTableTest {
  @Test
  void alignsColumnsTwoSpacesApartWithoutTrailingBlanks() {
    StringWriter s = new StringWriter();
    new TextTable("A", "LONG HEADER", "C").row("wide cell", "x", "").row("y", "z", "last").print(new PrintWriter(s, true));
    assertEquals("A          LONG HEADER  C\nwide cell  x\ny          z            last\n", s.toString());
  }

  @Test
  void rowsMustFitTheHeader() {
    assertEquals(
        "a row of 1 cells in a table of 2 columns",
        assertThrows(IllegalArgumentException.class, () -> new TextTable("A", "B").row("x")).getMessage());
  }
}
