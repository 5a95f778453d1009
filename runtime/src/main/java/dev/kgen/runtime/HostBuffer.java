package dev.kgen.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A device buffer that lives in the Java heap, for the backends that run on the CPU (the
 * interpreter and the JVM backend). It has a synthetic, stable address so raw-pointer tables
 * can be built and translated back.
 */
public final class HostBuffer implements DeviceBuffer {
  private static final AtomicLong NEXT_ADDRESS = new AtomicLong(1L << 40);
  private final ByteBuffer buffer;
  private final long address;

  public HostBuffer(long bytes) {
    if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a host buffer holds 0.." + (Integer.MAX_VALUE - 8) + " bytes, asked for " + bytes);
    }
    this.buffer = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    // 256-byte aligned addresses with a gap between buffers, like a device allocator
    this.address = NEXT_ADDRESS.getAndAdd(((bytes + 255) / 256 + 1) * 256);
  }

  /** The host buffer behind a device buffer of a CPU backend. */
  public static HostBuffer of(DeviceBuffer b) {
    if (b instanceof HostBuffer h) {
      return h;
    }
    throw new IllegalArgumentException("expected a buffer allocated by a CPU backend, got " + b.getClass().getSimpleName());
  }

  public ByteBuffer buffer() {
    return buffer;
  }

  public long syntheticAddress() {
    return address;
  }

  @Override
  public long bytes() {
    return buffer.capacity();
  }

  public void copyFrom(ByteBuffer src) {
    if (src.remaining() > buffer.capacity()) {
      throw new IllegalArgumentException("upload of " + src.remaining() + " bytes into a buffer of " + buffer.capacity());
    }
    ByteBuffer d = buffer.duplicate();
    d.clear();
    d.put(src.duplicate());
  }

  public void copyTo(ByteBuffer dst) {
    ByteBuffer s = buffer.duplicate();
    s.clear();
    s.limit(Math.min(s.capacity(), dst.remaining()));
    dst.duplicate().put(s);
  }

  @Override
  public void close() {}

  /** Bytes per second (read + write) of a 64 MiB heap-to-heap copy, best of five. */
  public static double measureCopyBandwidth() {
    byte[] a = new byte[64 << 20];
    byte[] b = new byte[64 << 20];
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      System.arraycopy(a, 0, b, 0, a.length);
      best = Math.min(best, System.nanoTime() - t0);
    }
    return 2.0 * a.length / (best * 1e-9);
  }
}
