package dev.kgen.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenClKernelTest {
  @TempDir Path cache;

  @Test
  void knowsItsNameProgramAndArgumentsAndRefusesUseAfterClose() {
    try (OpenClRuntime runtime = OpenClRuntime.builder().device(OpenClTestSupport.requireDevice()).cacheDirectory(cache).open()) {
      OpenClProgram program = runtime.build(OpenClTestSupport.VECTOR_ADD, "");
      OpenClKernel kernel = runtime.kernel(program, "vector_add");
      assertEquals("vector_add", kernel.name());
      assertSame(program, kernel.program());
      assertEquals(4, kernel.argumentCount());
      assertEquals("OpenClKernel[vector_add, 4 args]", kernel.toString());
      kernel.close();
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> runtime.launch(kernel, List.of(), new long[] {1}, null));
      assertEquals("kernel 'vector_add' was closed; create it again with OpenClRuntime.kernel", e.getMessage());
    }
  }
}
