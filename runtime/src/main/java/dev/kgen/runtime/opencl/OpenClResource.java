package dev.kgen.runtime.opencl;

/** A CL object owned by an {@link OpenClRuntime}; closing it twice is harmless. */
interface OpenClResource extends AutoCloseable {
  @Override
  void close();
}
