package dev.kgen.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenClBufferTest {
  @TempDir Path cache;

  @Test
  void knowsItsSizeAndClosesOnce() {
    try (OpenClRuntime runtime = OpenClRuntime.builder().device(OpenClTestSupport.requireDevice()).cacheDirectory(cache).open()) {
      OpenClBuffer buffer = runtime.allocate(1000);
      assertEquals(1000, buffer.size());
      assertFalse(buffer.isClosed());
      assertEquals("OpenClBuffer[1000 bytes]", buffer.toString());
      buffer.close();
      buffer.close();
      assertTrue(buffer.isClosed());
      assertEquals("OpenClBuffer[1000 bytes, closed]", buffer.toString());
      assertThrows(IllegalStateException.class, buffer::handle);
    }
  }
}
