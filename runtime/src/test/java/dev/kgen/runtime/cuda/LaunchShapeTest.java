package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LaunchShapeTest {
  private static final CudaDeviceInfo H100 = TestDevices.h100();

  private static String fail(int[] grid, int[] block, int shared, int kernelMax, int stat) {
    return assertThrows(IllegalArgumentException.class,
        () -> LaunchShape.check("k", grid, block, shared, H100, kernelMax, stat)).getMessage();
  }

  @Test
  void acceptsLegalShapes() {
    assertDoesNotThrow(() -> LaunchShape.check(
        "k", new int[] {1 << 20, 1, 1}, new int[] {1024, 1, 1}, 200 * 1024, H100, 1024, 0));
  }

  @Test
  void namesTheBadDimension() {
    assertEquals("launch of kernel 'k': grid is [1, 1]: expected 3 dimensions {x, y, z}"
        + " (use 1 for unused ones)", fail(new int[] {1, 1}, new int[] {1, 1, 1}, 0, 1024, 0));
    assertEquals("launch of kernel 'k': block [32, 0, 1] has y = 0: expected 1..1024",
        fail(new int[] {1, 1, 1}, new int[] {32, 0, 1}, 0, 1024, 0));
    assertEquals("launch of kernel 'k': grid [1, 70000, 1] has y = 70000: expected 1..65535",
        fail(new int[] {1, 70000, 1}, new int[] {1, 1, 1}, 0, 1024, 0));
  }

  @Test
  void tooManyThreadsMentionsRegisterLimits() {
    assertEquals("launch of kernel 'k': block [32, 32, 2] has 2048 threads; this kernel on"
        + " Test H100 allows at most 1024",
        fail(new int[] {1, 1, 1}, new int[] {32, 32, 2}, 0, 1024, 0));
    assertEquals("launch of kernel 'k': block [512, 1, 1] has 512 threads; this kernel on"
        + " Test H100 allows at most 384 (limited by its register use)",
        fail(new int[] {1, 1, 1}, new int[] {512, 1, 1}, 0, 384, 0));
  }

  @Test
  void sharedMemoryAboveTheOptInLimit() {
    assertEquals("launch of kernel 'k': 232000 bytes of dynamic plus 1024 bytes of static shared"
        + " memory exceed the 232448 bytes a block may use on Test H100",
        fail(new int[] {1, 1, 1}, new int[] {1, 1, 1}, 232000, 1024, 1024));
    assertEquals("launch of kernel 'k': dynamic shared memory -1 bytes: expected >= 0",
        fail(new int[] {1, 1, 1}, new int[] {1, 1, 1}, -1, 1024, 0));
  }
}
