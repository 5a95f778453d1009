package dev.kgen.launch;

/**
 * Memory on one {@link Device}, handed to generated launchers as a pointer argument. It has no
 * element type: a launcher method documents which dtype each of its buffers holds. Close it to
 * free it; a device frees what is left when it closes.
 */
public interface Buffer extends AutoCloseable {
  /** Its size in bytes. */
  long bytes();

  /** The device it lives on. */
  Device device();

  /** Whether {@link #close()} was called (or its device was closed). */
  boolean isClosed();

  @Override
  void close();
}
