package dev.kgen.runtime.cuda;

import jcuda.driver.CUmodule;

/** A loaded PTX or cubin module. Closing unloads it; closing twice is harmless. */
public final class CudaModule implements AutoCloseable {
  private final CudaRuntime runtime;
  private final CUmodule module;
  private final CompiledCuda compiled;
  private volatile boolean closed;

  CudaModule(CudaRuntime runtime, CUmodule module, CompiledCuda compiled) {
    this.runtime = runtime;
    this.module = module;
    this.compiled = compiled;
  }

  /** What was loaded. */
  public CompiledCuda compiled() {
    return compiled;
  }

  public CudaRuntime runtime() {
    return runtime;
  }

  public boolean isClosed() {
    return closed;
  }

  CUmodule handle(String use) {
    if (closed) {
      throw new IllegalStateException(
          use + ": the CUDA module of kernel '" + compiled.kernelName() + "' was already closed");
    }
    return module;
  }

  /** The handle without the open check, for unloading after {@link #markClosed()}. */
  CUmodule rawHandle() {
    return module;
  }

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
    runtime.unload(this);
  }

  @Override
  public String toString() {
    return "CudaModule[" + compiled + (closed ? ", closed" : "") + "]";
  }
}
