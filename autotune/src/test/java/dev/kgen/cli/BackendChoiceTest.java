package dev.kgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackendTest {
  @Test
  void parsesTheLowerCaseNames() {
    assertEquals(List.of("cuda", "opencl", "jvm", "interpreter", "auto"), BackendChoice.cliNames());
    assertEquals(BackendChoice.OPENCL, BackendChoice.parse("opencl"));
    assertEquals(
        "unknown backend 'CUDA'; expected one of cuda, opencl, jvm, interpreter, auto",
        assertThrows(IllegalArgumentException.class, () -> BackendChoice.parse("CUDA")).getMessage());
  }
}
