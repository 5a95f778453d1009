package dev.kgen.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchArgumentsTest {
  private static final String METHOD = "RowSoftmaxLauncher.bf16Wide";

  @TempDir
  Path cache;

  @Test
  void aNullGridNamesTheMethod() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> LaunchArguments.grid(null, METHOD));
    assertEquals("RowSoftmaxLauncher.bf16Wide: grid is null; pass the programs to launch, e.g. Grid.of(rows)", e.getMessage());
  }

  @Test
  void buffersAreCheckedForNullClosedForeignAndTooSmall() {
    if (!"1".equals(System.getenv("KGEN_REQUIRE_OPENCL"))) {
      assumeTrue(Devices.openClAvailable(), "no OpenCL device");
    }
    try (Device d = Devices.openCl(null, cache); Device other = Devices.openCl(null, cache)) {
      String where = "opencl device '" + d.name() + "'";
      assertEquals(METHOD + ": out_ptr is null; pass a Buffer of bf16 elements allocated on " + where,
          assertThrows(NullPointerException.class,
              () -> LaunchArguments.buffer(d, null, ElementType.BF16, METHOD, "out_ptr")).getMessage());
      Buffer one = d.allocate(1);
      assertEquals(METHOD + ": out_ptr holds 1 bytes, less than one bf16 element (2 bytes)",
          assertThrows(IllegalArgumentException.class,
              () -> LaunchArguments.buffer(d, one, ElementType.BF16, METHOD, "out_ptr")).getMessage());
      Buffer foreign = other.allocate(2);
      assertEquals(METHOD + ": out_ptr lives on " + where + " but this launcher launches on " + where
              + "; allocate it with launcher.device()",
          assertThrows(IllegalArgumentException.class,
              () -> LaunchArguments.buffer(d, foreign, ElementType.BF16, METHOD, "out_ptr")).getMessage());
      Buffer ok = d.allocate(2);
      assertSame(ok, LaunchArguments.buffer(d, ok, ElementType.BF16, METHOD, "out_ptr"));
      ok.close();
      assertEquals(METHOD + ": out_ptr was closed; pass an open Buffer",
          assertThrows(IllegalArgumentException.class,
              () -> LaunchArguments.buffer(d, ok, ElementType.BF16, METHOD, "out_ptr")).getMessage());
    }
  }
}
