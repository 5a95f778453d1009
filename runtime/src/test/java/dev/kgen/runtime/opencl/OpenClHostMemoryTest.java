package dev.kgen.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Transfers through these pointers are exercised in {@link OpenClRuntimeTest}. */
class OpenClHostMemoryTest {
  @Test
  void readOnlyHeapBuffersAreReadableWithoutMovingThePosition() {
    OpenClTestSupport.requireDevice(); // JOCL's Pointer needs the native library
    ByteBuffer readOnly = ByteBuffer.wrap(new byte[] {1, 2, 3}).position(1).asReadOnlyBuffer();
    assertNotNull(OpenClHostMemory.readable(readOnly));
    assertEquals(1, readOnly.position());
  }

  @Test
  void readOnlyBuffersAreNotWritable() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OpenClHostMemory.writable(ByteBuffer.allocate(4).asReadOnlyBuffer()));
    assertEquals(
        "cannot download into a read-only ByteBuffer; pass a writable one, e.g. ByteBuffer.allocateDirect(n)", e.getMessage());
  }
}
