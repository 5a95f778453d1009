package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class HostMemoryTest {
  @Test
  void directBuffersAndWholeArraysAreAddressedInPlace() {
    ByteBuffer direct = ByteBuffer.allocateDirect(8);
    direct.position(3);
    assertNotNull(HostMemory.direct(direct));
    assertEquals(3, direct.position());
    assertNotNull(HostMemory.direct(ByteBuffer.allocate(8)));
  }

  @Test
  void offsetOrReadOnlyHeapBuffersAreStaged() {
    ByteBuffer offset = ByteBuffer.wrap(new byte[] {1, 2, 3, 4}, 2, 2);
    assertNull(HostMemory.direct(offset));
    assertNull(HostMemory.direct(ByteBuffer.wrap(new byte[4]).slice(1, 2)));
    assertNull(HostMemory.direct(ByteBuffer.allocate(4).asReadOnlyBuffer()));
    ByteBuffer staged = HostMemory.staged(offset);
    byte[] got = new byte[2];
    staged.get(got);
    assertArrayEquals(new byte[] {3, 4}, got);
    assertEquals(2, offset.position());
  }
}
