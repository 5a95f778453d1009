package dev.kgen.runtime.cuda;

import jcuda.driver.CUdeviceptr;

/**
 * A block of device memory owned by one {@link CudaRuntime}. Closing frees it; closing twice is
 * harmless. Passing a buffer as a kernel argument passes its device address.
 */
public final class CudaBuffer implements AutoCloseable {
  private final CudaRuntime runtime;
  private final DevicePointer pointer;
  private final long size;
  private volatile boolean closed;

  CudaBuffer(CudaRuntime runtime, DevicePointer pointer, long size) {
    this.runtime = runtime;
    this.pointer = pointer;
    this.size = size;
  }

  /** Size in bytes. */
  public long size() {
    return size;
  }

  /** The device address, e.g. for pointer arithmetic in a kernel argument of type Long. */
  public long address() {
    return pointer.address();
  }

  public boolean isClosed() {
    return closed;
  }

  /** The runtime that allocated this buffer. */
  public CudaRuntime runtime() {
    return runtime;
  }

  /** The pointer, after checking the buffer is still open; {@code use} names the caller. */
  CUdeviceptr pointer(String use) {
    if (closed) {
      throw new IllegalStateException(
          use + ": the CUDA buffer of " + size + " bytes was already closed");
    }
    return pointer;
  }

  /** The pointer without the open check, for freeing after {@link #markClosed()}. */
  CUdeviceptr rawPointer() {
    return pointer;
  }

  /** Marks closed and returns whether this call did it (so memory is freed once). */
  boolean markClosed() {
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
      return true;
    }
  }

  @Override
  public void close() {
    runtime.free(this);
  }

  @Override
  public String toString() {
    return String.format("CudaBuffer[%d bytes at 0x%x%s]", size, address(), closed ? ", closed" : "");
  }
}
