package dev.kgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorMapperTest {
  @Test
  void everyMessageBecomesOneLine() {
    assertEquals("a; b; c", ErrorMapper.oneLine("a\nb\r\n   c\n"));
    assertEquals("single", ErrorMapper.oneLine("  single "));
    assertEquals("no such file; check the path: it is relative", ErrorMapper.oneLine("no such file;\n  check the path:\nit is relative"));
  }

  @Test
  void debugIsOnForAnyValueButOffSwitches() {
    assertTrue(ErrorMapper.debugEnabled("1"));
    assertTrue(ErrorMapper.debugEnabled("yes"));
    assertFalse(ErrorMapper.debugEnabled(null));
    assertFalse(ErrorMapper.debugEnabled(""));
    assertFalse(ErrorMapper.debugEnabled("0"));
    assertFalse(ErrorMapper.debugEnabled("false"));
  }
}
