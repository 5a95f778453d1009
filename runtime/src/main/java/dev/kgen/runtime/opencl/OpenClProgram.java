package dev.kgen.runtime.opencl;

import java.util.List;
import org.jocl.CL;
import org.jocl.cl_program;

/**
 * A program built for one device by {@link OpenClRuntime#build(String, String)}, either compiled
 * from source or loaded from the binary cache.
 */
public final class OpenClProgram implements OpenClResource {
  private final OpenClRuntime owner;
  private final cl_program program;
  private final String options;
  private final String cacheKey;
  private final boolean fromCache;
  private final String buildLog;
  private final List<String> kernelNames;
  private boolean closed;

  OpenClProgram(
      OpenClRuntime owner, cl_program program, String options, String cacheKey, boolean fromCache,
      String buildLog, List<String> kernelNames) {
    this.owner = owner;
    this.program = program;
    this.options = options;
    this.cacheKey = cacheKey;
    this.fromCache = fromCache;
    this.buildLog = buildLog;
    this.kernelNames = List.copyOf(kernelNames);
  }

  /** True when the program was built from a cached binary, so no source compilation ran. */
  public boolean fromCache() {
    return fromCache;
  }

  /** The binary cache key: a hash of source, options and the device's platform, name, version and driver. */
  public String cacheKey() {
    return cacheKey;
  }

  /** The build options the program was built with. */
  public String options() {
    return options;
  }

  /** The compiler's log, often empty; warnings show up here. */
  public String buildLog() {
    return buildLog;
  }

  /** The kernels the program defines, in the order the driver reports them. */
  public List<String> kernelNames() {
    return kernelNames;
  }

  public boolean isClosed() {
    return closed;
  }

  OpenClRuntime owner() {
    return owner;
  }

  cl_program handle() {
    if (closed) {
      throw new IllegalStateException("this OpenClProgram (kernels " + kernelNames + ") was closed; build it again");
    }
    return program;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    owner.forget(this);
    OpenClCalls.check(CL.clReleaseProgram(program), "clReleaseProgram", () -> "releasing a program with kernels " + kernelNames);
  }

  @Override
  public String toString() {
    return "OpenClProgram[kernels=" + kernelNames + ", fromCache=" + fromCache + (closed ? ", closed]" : "]");
  }
}
