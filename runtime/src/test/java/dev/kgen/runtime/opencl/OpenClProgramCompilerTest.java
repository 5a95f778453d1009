package dev.kgen.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counting of source compilations; cache behaviour is in {@link OpenClBinaryCacheTest}. */
class OpenClProgramCompilerTest {
  @TempDir Path cache;

  @Test
  void failedCompilationsCountAndCacheNothing() throws Exception {
    try (OpenClRuntime runtime = OpenClRuntime.builder().device(OpenClTestSupport.requireDevice()).cacheDirectory(cache).open()) {
      long total = OpenClRuntime.totalSourceCompilations();
      assertThrows(OpenClBuildException.class, () -> runtime.build("__kernel void k( {", ""));
      assertEquals(1, runtime.sourceCompilations());
      assertTrue(OpenClRuntime.totalSourceCompilations() >= total + 1);
      try (var entries = Files.list(cache)) {
        assertEquals(0, entries.count());
      }
    }
  }
}
