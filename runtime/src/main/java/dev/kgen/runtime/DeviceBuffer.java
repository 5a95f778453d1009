package dev.kgen.runtime;

/** Memory owned by a backend's device; close it to free it. */
public interface DeviceBuffer extends AutoCloseable {
  long bytes();

  @Override
  void close();
}
