package dev.kgen.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OpenClWorkSizeTest {
  private static String error(long[] global, long[] local) {
    return assertThrows(IllegalArgumentException.class, () -> OpenClWorkSize.check("k", global, local, 256)).getMessage();
  }

  @Test
  void acceptsOneToThreeDimensionsWithOrWithoutLocalSize() {
    assertDoesNotThrow(() -> OpenClWorkSize.check("k", new long[] {100}, null, 256));
    assertDoesNotThrow(() -> OpenClWorkSize.check("k", new long[] {64, 64, 4}, new long[] {16, 16, 1}, 256));
  }

  @Test
  void rejectsDimensionCounts() {
    assertEquals("launch of kernel 'k': globalSize [] must have 1 to 3 entries, one per NDRange dimension", error(new long[0], null));
    assertEquals("launch of kernel 'k': globalSize null must have 1 to 3 entries, one per NDRange dimension", error(null, null));
    assertEquals(
        "launch of kernel 'k': localSize [1] has 1 entries but globalSize [4, 4] has 2; give one entry per dimension or pass null",
        error(new long[] {4, 4}, new long[] {1}));
  }

  @Test
  void rejectsNonPositiveEntries() {
    assertEquals("launch of kernel 'k': globalSize [0] has an entry <= 0; every entry must be positive", error(new long[] {0}, null));
    assertEquals("launch of kernel 'k': localSize [-1] has an entry <= 0; every entry must be positive", error(new long[] {4}, new long[] {-1}));
  }

  @Test
  void rejectsWorkGroupsLargerThanTheDeviceAllows() {
    assertEquals(
        "launch of kernel 'k': localSize [32, 16] makes work-groups of 512 items but the device allows at most 256",
        error(new long[] {64, 64}, new long[] {32, 16}));
  }
}
