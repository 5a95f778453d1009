package dev.kgen.runtime.opencl;

import org.jocl.CL;
import org.jocl.cl_kernel;

/**
 * A kernel of an {@link OpenClProgram}. A kernel holds its arguments between launches, so one
 * kernel object must not be launched from two threads at once.
 */
public final class OpenClKernel implements OpenClResource {
  private final OpenClRuntime owner;
  private final OpenClProgram program;
  private final String name;
  private final cl_kernel kernel;
  private final int argumentCount;
  private boolean closed;

  OpenClKernel(OpenClRuntime owner, OpenClProgram program, String name, cl_kernel kernel, int argumentCount) {
    this.owner = owner;
    this.program = program;
    this.name = name;
    this.kernel = kernel;
    this.argumentCount = argumentCount;
  }

  public String name() {
    return name;
  }

  public OpenClProgram program() {
    return program;
  }

  /** The number of parameters the kernel declares. */
  public int argumentCount() {
    return argumentCount;
  }

  public boolean isClosed() {
    return closed;
  }

  OpenClRuntime owner() {
    return owner;
  }

  cl_kernel handle() {
    if (closed) {
      throw new IllegalStateException("kernel '" + name + "' was closed; create it again with OpenClRuntime.kernel");
    }
    return kernel;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    owner.forget(this);
    OpenClCalls.check(CL.clReleaseKernel(kernel), "clReleaseKernel", () -> "releasing kernel '" + name + "'");
  }

  @Override
  public String toString() {
    return "OpenClKernel[" + name + ", " + argumentCount + " args" + (closed ? ", closed]" : "]");
  }
}
