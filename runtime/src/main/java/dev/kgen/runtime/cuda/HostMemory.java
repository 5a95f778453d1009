package dev.kgen.runtime.cuda;

import java.nio.ByteBuffer;
import jcuda.Pointer;

/**
 * Host memory for copies: a JCuda pointer to a ByteBuffer's first remaining byte. Slicing a
 * direct buffer, and passing a heap buffer's array only when the data starts at index 0, makes
 * the result independent of how JCuda treats a buffer's position or array offset.
 */
final class HostMemory {
  private HostMemory() {}

  /** A pointer to {@code b}'s first remaining byte, or null when it must be staged. */
  static Pointer direct(ByteBuffer b) {
    if (b.isDirect()) {
      return Pointer.to(b.slice());
    }
    if (b.hasArray() && b.arrayOffset() + b.position() == 0) {
      return Pointer.to(b.array());
    }
    return null;
  }

  /** A direct copy of {@code src}'s remaining bytes, position 0; {@code src} is not moved. */
  static ByteBuffer staged(ByteBuffer src) {
    ByteBuffer copy = ByteBuffer.allocateDirect(src.remaining());
    copy.put(src.duplicate()).flip();
    return copy;
  }
}
