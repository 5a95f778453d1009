package dev.kgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackendTest {
  @Test
  void parsesTheLowerCaseNames() {
    assertEquals(List.of("cuda", "opencl", "jvm", "auto"), Backend.cliNames());
    assertEquals(Backend.OPENCL, Backend.parse("opencl"));
    assertEquals(
        "unknown backend 'CUDA'; expected one of cuda, opencl, jvm, auto",
        assertThrows(IllegalArgumentException.class, () -> Backend.parse("CUDA")).getMessage());
  }
}
