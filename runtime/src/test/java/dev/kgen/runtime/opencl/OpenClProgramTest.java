package dev.kgen.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenClProgramTest {
  @TempDir Path cache;

  @Test
  void describesHowItWasBuilt() {
    String source =
        "__kernel void first(__global int *x) { x[0] = 1; }\n__kernel void second(__global int *x) { x[0] = 2; }\n";
    try (OpenClRuntime runtime = OpenClRuntime.builder().device(OpenClTestSupport.requireDevice()).cacheDirectory(cache).open()) {
      OpenClProgram program = runtime.build(source, null);
      assertEquals("", program.options());
      assertFalse(program.fromCache());
      assertEquals(64, program.cacheKey().length());
      assertEquals(List.of("first", "second"), program.kernelNames().stream().sorted().toList());
      program.close();
      program.close();
      assertTrue(program.isClosed());
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> runtime.kernel(program, "first"));
      assertTrue(e.getMessage().endsWith("was closed; build it again"), e.getMessage());
    }
  }
}
