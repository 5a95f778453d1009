package dev.kgen.runtime.opencl;

import static dev.kgen.runtime.opencl.OpenClTestSupport.VECTOR_ADD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Program binaries are cached on disk and a second build compiles nothing. */
class OpenClBinaryCacheTest {
  @TempDir Path cache;

  @Test
  void keyCoversSourceOptionsAndDevice() {
    OpenClDeviceInfo d = OpenClDeviceInfoTest.sample();
    String key = OpenClBinaryCache.key("src", "", d);
    assertEquals(key, OpenClBinaryCache.key("src", "", d.toBuilder().computeUnits(1).build()));
    assertNotEquals(key, OpenClBinaryCache.key("src ", "", d));
    assertNotEquals(key, OpenClBinaryCache.key("src", "-cl-fast-relaxed-math", d));
    assertNotEquals(key, OpenClBinaryCache.key("src", "", d.toBuilder().platformName("other").build()));
    assertNotEquals(key, OpenClBinaryCache.key("src", "", d.toBuilder().deviceName("other").build()));
    assertNotEquals(key, OpenClBinaryCache.key("src", "", d.toBuilder().version("OpenCL 2.0").build()));
    assertNotEquals(key, OpenClBinaryCache.key("src", "", d.toBuilder().driverVersion("551").build()));
  }

  @Test
  void secondBuildLoadsTheBinaryWithoutCompiling() throws Exception {
    OpenClDeviceInfo device = OpenClTestSupport.requireDevice();
    String source = VECTOR_ADD + "\n// unique " + System.nanoTime() + "\n";
    try (OpenClRuntime runtime = OpenClRuntime.builder().device(device).cacheDirectory(cache).open()) {
      assertEquals(cache, runtime.cacheDirectory());
      OpenClProgram first = runtime.build(source, "-cl-mad-enable");
      assertFalse(first.fromCache());
      assertEquals(1, runtime.sourceCompilations());
      Path entry = new OpenClBinaryCache(cache).pathOf(first.cacheKey());
      assertTrue(Files.size(entry) > 0, entry + " should hold the binary");

      long totalBefore = OpenClRuntime.totalSourceCompilations();
      OpenClProgram second = runtime.build(source, "-cl-mad-enable");
      assertTrue(second.fromCache());
      assertEquals(first.cacheKey(), second.cacheKey());
      assertEquals(1, runtime.sourceCompilations());
      assertEquals(totalBefore, OpenClRuntime.totalSourceCompilations());
      assertEquals(List.of("vector_add"), second.kernelNames());
    }
    try (OpenClRuntime fresh = OpenClRuntime.builder().device(device).cacheDirectory(cache).open()) {
      OpenClProgram again = fresh.build(source, "-cl-mad-enable");
      assertTrue(again.fromCache());
      assertEquals(0, fresh.sourceCompilations());
      assertKernelWorks(fresh, again);
    }
  }

  @Test
  void differentOptionsMissTheCache() {
    OpenClDeviceInfo device = OpenClTestSupport.requireDevice();
    try (OpenClRuntime runtime = OpenClRuntime.builder().device(device).cacheDirectory(cache).open()) {
      assertFalse(runtime.build(VECTOR_ADD, "").fromCache());
      assertFalse(runtime.build(VECTOR_ADD, "-cl-fast-relaxed-math").fromCache());
      assertEquals(2, runtime.sourceCompilations());
    }
  }

  @Test
  void corruptEntryFallsBackToSourceAndIsRewritten() throws Exception {
    OpenClDeviceInfo device = OpenClTestSupport.requireDevice();
    String key = OpenClBinaryCache.key(VECTOR_ADD, "", device);
    Path entry = new OpenClBinaryCache(cache).pathOf(key);
    Files.createDirectories(cache);
    Files.write(entry, "not a binary".getBytes());
    try (OpenClRuntime runtime = OpenClRuntime.builder().device(device).cacheDirectory(cache).open()) {
      OpenClProgram program = runtime.build(VECTOR_ADD, "");
      assertFalse(program.fromCache());
      assertEquals(1, runtime.sourceCompilations());
      assertKernelWorks(runtime, program);
      assertNotEquals("not a binary", new String(Files.readAllBytes(entry)));
      assertTrue(runtime.build(VECTOR_ADD, "").fromCache());
    }
  }

  private static void assertKernelWorks(OpenClRuntime runtime, OpenClProgram program) {
    OpenClKernel k = runtime.kernel(program, "vector_add");
    try (OpenClBuffer a = runtime.allocate(16); OpenClBuffer c = runtime.allocate(16)) {
      runtime.fill(a, new byte[] {0, 0, (byte) 0x80, 0x3f}); // 1.0f, little-endian
      runtime.launch(k, List.of(a, a, c, 4), new long[] {4}, null);
      var out = OpenClTestSupport.direct(16);
      runtime.download(c, out);
      for (int i = 0; i < 4; i++) {
        assertEquals(2.0f, out.getFloat(4 * i));
      }
    }
  }
}
