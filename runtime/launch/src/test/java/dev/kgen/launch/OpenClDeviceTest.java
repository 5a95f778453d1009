package dev.kgen.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenCL device on PoCL in CI (KGEN_REQUIRE_OPENCL=1 there turns a missing driver into a failure). */
class OpenClDeviceTest {
  private static final String BROKEN = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

  @TempDir
  Path cache;

  private Device open() {
    if (!"1".equals(System.getenv("KGEN_REQUIRE_OPENCL"))) {
      assumeTrue(Devices.openClAvailable(), "no OpenCL device");
    }
    return Devices.openCl(null, cache);
  }

  private static KernelSource addScaled() {
    return KernelSource.builder(OpenClDeviceTest.class, "add_scaled").hash(KernelSourceTest.HASH)
        .threadsPerProgram(64).parameterCount(6).build();
  }

  @Test
  void launchesABuiltKernelWithEveryScalarKindAndANullPointer() throws IOException {
    int n = 100;
    ByteBuffer in = ElementType.FP32.allocate(n);
    for (int i = 0; i < n; i++) {
      ElementType.FP32.write(in, i, i);
    }
    try (Device d = open()) {
      assertEquals("opencl", d.platform());
      Buffer input = d.upload(in);
      Buffer out = d.upload(ElementType.FP32.allocate(n + 1, Double.NaN));
      d.launch(addScaled(), Grid.of(2), out, input, null, n, 2.0f, 3L);
      ByteBuffer result = ElementType.FP32.allocate(n + 1);
      d.download(out, result);
      for (int i = 0; i < n; i++) {
        assertEquals(2.0 * i + 3, ElementType.FP32.read(result, i), "element " + i);
      }
      assertTrue(Double.isNaN(ElementType.FP32.read(result, n)), "the element past n stays untouched");
    }
    try (Stream<Path> files = Files.list(cache)) {
      assertEquals(1, files.filter(p -> p.toString().endsWith(".clbin")).count(), "the built program is cached");
    }
    try (Device again = open()) {
      again.prepare(addScaled()); // from the cached binary
    }
  }

  @Test
  void aRejectedSourceReportsTheBuildLog() {
    try (Device d = open()) {
      KernelSource broken = KernelSource.builder(OpenClDeviceTest.class, "add_scaled").hash(BROKEN).threadsPerProgram(64)
          .parameterCount(1).build();
      LaunchException e = assertThrows(LaunchException.class, () -> d.prepare(broken));
      assertTrue(e.getMessage().startsWith("clBuildProgram failed with CL_BUILD_PROGRAM_FAILURE for "
          + "META-INF/kgen/add_scaled/fedcba9876543210.cl on "), e.getMessage());
      assertTrue(e.getMessage().contains("; build log:\n"), e.getMessage());
    }
  }

  @Test
  void argumentsAreCheckedBeforeTheDriverSeesThem() {
    try (Device d = open(); Device other = open()) {
      Buffer mine = d.allocate(16);
      Buffer foreign = other.allocate(16);
      assertEquals("add_scaled@0123456789abcdef takes 6 arguments, got 1",
          assertThrows(IllegalArgumentException.class, () -> d.launch(addScaled(), Grid.of(1), mine)).getMessage());
      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> d.launch(addScaled(), Grid.of(1), mine, foreign, null, 1, 1f, 1L)).getMessage()
          .startsWith("the add_scaled@0123456789abcdef argument 1 belongs to opencl device '"));
      assertEquals("add_scaled@0123456789abcdef argument 3 is a String; expected a Buffer, Integer, Long, Float or Double",
          assertThrows(IllegalArgumentException.class,
              () -> d.launch(addScaled(), Grid.of(1), mine, mine, null, "1", 1f, 1L)).getMessage());
      mine.close();
      assertTrue(mine.isClosed());
      assertEquals("the upload target was closed",
          assertThrows(IllegalArgumentException.class, () -> d.upload(mine, ByteBuffer.allocate(4))).getMessage());
      Buffer small = d.allocate(4);
      assertEquals("upload of 8 bytes into a buffer of 4 bytes: the host buffer has more bytes remaining than the device"
          + " buffer holds", assertThrows(IllegalArgumentException.class, () -> d.upload(small, ByteBuffer.allocate(8))).getMessage());
    }
  }

  @Test
  void aClosedDeviceSaysSo() {
    Device d = open();
    Buffer b = d.allocate(8);
    d.close();
    assertTrue(b.isClosed());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.allocate(8));
    assertTrue(e.getMessage().endsWith("' was closed; open a new one"), e.getMessage());
  }
}
