package dev.kgen.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CodegenOptionsTest {
  @Test
  void defaultsAre128ThreadsAndRunsOf4() {
    assertEquals(new CodegenOptions(128, 4), CodegenOptions.defaults());
    assertEquals(256, CodegenOptions.DEFAULT.withThreadsPerProgram(256).threadsPerProgram());
    assertEquals(8, CodegenOptions.DEFAULT.withVectorWidth(8).vectorWidth());
  }

  @Test
  void threadsMustBeAPowerOfTwoFrom32To1024() {
    for (int bad : new int[] {0, 16, 100, 2048, -32}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CodegenOptions(bad, 4));
      assertEquals("threadsPerProgram must be a power of two from 32 to 1024, got " + bad, e.getMessage());
    }
    for (int good : new int[] {32, 64, 128, 256, 512, 1024}) {
      assertEquals(good, new CodegenOptions(good, 1).threadsPerProgram());
    }
  }

  @Test
  void vectorWidthIs1248() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CodegenOptions(128, 3));
    assertEquals("vectorWidth must be 1, 2, 4 or 8, got 3", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new CodegenOptions(128, 16));
  }
}
