package dev.kgen.runtime.opencl;

import java.nio.ByteBuffer;
import org.jocl.Pointer;

/** Pointers to the remaining bytes of host buffers, for blocking transfers. */
final class OpenClHostMemory {
  private OpenClHostMemory() {}

  /** Points at {@code position..limit}; a read-only heap buffer, which JOCL cannot reach, is copied first. */
  static Pointer readable(ByteBuffer source) {
    if (source.isDirect() || source.hasArray()) {
      return Pointer.toBuffer(source);
    }
    ByteBuffer copy = ByteBuffer.allocateDirect(source.remaining());
    copy.put(source.duplicate()).flip();
    return Pointer.toBuffer(copy);
  }

  /** Points at {@code position..limit} of a buffer the device may write into. */
  static Pointer writable(ByteBuffer target) {
    if (target.isReadOnly()) {
      throw new IllegalArgumentException("cannot download into a read-only ByteBuffer; pass a writable one, e.g. ByteBuffer.allocateDirect(n)");
    }
    return Pointer.toBuffer(target);
  }
}
