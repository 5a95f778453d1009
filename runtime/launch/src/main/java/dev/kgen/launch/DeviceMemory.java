package dev.kgen.launch;

/**
 * A buffer of a {@link DeviceBase}: its size, its owner and whether it was closed. The driver
 * handle lives in the subclass of each platform.
 */
abstract class DeviceMemory implements Buffer {
  private final DeviceBase<?> owner;
  private final long bytes;
  private volatile boolean closed;

  DeviceMemory(DeviceBase<?> owner, long bytes) {
    this.owner = owner;
    this.bytes = bytes;
  }

  final DeviceBase<?> owner() {
    return owner;
  }

  @Override
  public final long bytes() {
    return bytes;
  }

  @Override
  public final Device device() {
    return owner;
  }

  @Override
  public final boolean isClosed() {
    return closed || !owner.isOpen();
  }

  final void markClosed() {
    closed = true;
  }

  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      owner.free(this);
    }
  }

  @Override
  public String toString() {
    return "Buffer(" + bytes + " bytes on " + owner + ")";
  }
}
