package dev.kgen.runtime.opencl;

import org.jocl.CL;
import org.jocl.cl_mem;

/** A device buffer of a fixed size, allocated by {@link OpenClRuntime#allocate(long)}. */
public final class OpenClBuffer implements OpenClResource {
  private final OpenClRuntime owner;
  private final cl_mem mem;
  private final long size;
  private boolean closed;

  OpenClBuffer(OpenClRuntime owner, cl_mem mem, long size) {
    this.owner = owner;
    this.mem = mem;
    this.size = size;
  }

  /** The size in bytes. */
  public long size() {
    return size;
  }

  public boolean isClosed() {
    return closed;
  }

  OpenClRuntime owner() {
    return owner;
  }

  cl_mem handle() {
    if (closed) {
      throw new IllegalStateException("this OpenClBuffer of " + size + " bytes was closed; allocate a new one");
    }
    return mem;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    owner.forget(this);
    OpenClCalls.check(CL.clReleaseMemObject(mem), "clReleaseMemObject", () -> "releasing a buffer of " + size + " bytes");
  }

  @Override
  public String toString() {
    return "OpenClBuffer[" + size + " bytes" + (closed ? ", closed]" : "]");
  }
}
