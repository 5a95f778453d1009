package dev.kgen.runtime.opencl;

import dev.kgen.runtime.cache.CacheDirectory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_queue_properties;

/**
 * One OpenCL device in use: a context and an in-order command queue with profiling enabled.
 * Buffers, programs and kernels made here are released when they are closed or, at the latest,
 * when the runtime is. Transfers block; launches are asynchronous until {@link #finish()}, a
 * download or {@link #launchTimed}. Not thread-safe: confine a runtime to one thread at a time.
 */
public final class OpenClRuntime implements AutoCloseable {
  private final OpenClDeviceInfo device;
  private final cl_device_id deviceId;
  private final cl_context context;
  private final cl_command_queue queue;
  private final OpenClBinaryCache binaryCache;
  private final OpenClProgramCompiler compiler;
  private final Set<OpenClResource> live = new LinkedHashSet<>();
  private boolean closed;

  private OpenClRuntime(Builder b) {
    this.device = b.device != null ? b.device : OpenClDevices.choose(b.selector);
    OpenClDiscovery.Found handles = OpenClDiscovery.get().handlesOf(device);
    this.deviceId = handles.device();
    this.binaryCache = new OpenClBinaryCache(b.cacheDirectory != null ? b.cacheDirectory : CacheDirectory.of("opencl"));

    cl_context_properties props = new cl_context_properties();
    props.addProperty(CL.CL_CONTEXT_PLATFORM, handles.platform());
    int[] err = new int[1];
    this.context = CL.clCreateContext(props, 1, new cl_device_id[] {deviceId}, null, null, err);
    OpenClCalls.check(err[0], "clCreateContext", () -> "creating a context on " + device.label());
    try {
      this.queue = createQueue();
    } catch (OpenClException e) {
      CL.clReleaseContext(context);
      throw e;
    }
    this.compiler = new OpenClProgramCompiler(context, deviceId, device, binaryCache);
  }

  /** A runtime on {@link OpenClDevices#choose(String) OpenClDevices.choose(null)} with the default cache. */
  public static OpenClRuntime create() {
    return builder().open();
  }

  /** A runtime on the device with the default cache. */
  public static OpenClRuntime create(OpenClDeviceInfo device) {
    return builder().device(device).open();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Chooses the device and the binary cache directory of a new runtime. */
  public static final class Builder {
    private OpenClDeviceInfo device;
    private String selector;
    private Path cacheDirectory;

    private Builder() {}

    /** Use this device; wins over {@link #deviceSelector}. */
    public Builder device(OpenClDeviceInfo device) {
      this.device = Objects.requireNonNull(device, "device");
      return this;
    }

    /** Choose the device as {@link OpenClDevices#choose(String)} does. */
    public Builder deviceSelector(String selector) {
      this.selector = selector;
      return this;
    }

    /** Where program binaries are cached; default {@code CacheDirectory.of("opencl")}. */
    public Builder cacheDirectory(Path directory) {
      this.cacheDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** Creates the context and queue. */
    public OpenClRuntime open() {
      return new OpenClRuntime(this);
    }
  }

  /** OpenCL 2.0 replaced clCreateCommandQueue; 1.x devices only have the old call. */
  @SuppressWarnings("deprecation")
  private cl_command_queue createQueue() {
    int[] err = new int[1];
    cl_command_queue q;
    String call;
    if (device.versionNumber() >= 20) {
      cl_queue_properties props = new cl_queue_properties();
      props.addProperty(CL.CL_QUEUE_PROPERTIES, CL.CL_QUEUE_PROFILING_ENABLE);
      q = CL.clCreateCommandQueueWithProperties(context, deviceId, props, err);
      call = "clCreateCommandQueueWithProperties";
    } else {
      q = CL.clCreateCommandQueue(context, deviceId, CL.CL_QUEUE_PROFILING_ENABLE, err);
      call = "clCreateCommandQueue";
    }
    OpenClCalls.check(err[0], call, () -> "creating a profiling command queue on " + device.label());
    return q;
  }

  public OpenClDeviceInfo device() {
    return device;
  }

  /** Where this runtime caches program binaries. */
  public Path cacheDirectory() {
    return binaryCache.directory();
  }

  /** Programs this runtime compiled from source (cache hits do not count). */
  public long sourceCompilations() {
    return compiler.sourceCompilations();
  }

  /** Programs compiled from source by all runtimes of this process. */
  public static long totalSourceCompilations() {
    return OpenClProgramCompiler.totalSourceCompilations();
  }

  /** A read-write device buffer of {@code bytes} bytes, uninitialized. */
  public OpenClBuffer allocate(long bytes) {
    ensureOpen();
    if (bytes <= 0) {
      throw new IllegalArgumentException("allocate(" + bytes + "): the size must be at least 1 byte");
    }
    if (device.maxAllocBytes() > 0 && bytes > device.maxAllocBytes()) {
      throw new IllegalArgumentException(
          "allocate(" + bytes + "): " + device.label() + " allows buffers of at most " + device.maxAllocBytes()
              + " bytes (CL_DEVICE_MAX_MEM_ALLOC_SIZE); split the data over several buffers");
    }
    int[] err = new int[1];
    cl_mem mem = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, bytes, null, err);
    OpenClCalls.check(err[0], "clCreateBuffer", () -> "allocating " + bytes + " bytes on " + device.label());
    return track(new OpenClBuffer(this, mem, bytes));
  }

  /** Copies the remaining bytes of {@code source} to the start of {@code target}; blocks. Positions are unchanged. */
  public void upload(ByteBuffer source, OpenClBuffer target) {
    ensureOpen();
    Objects.requireNonNull(source, "source");
    requireOwned(target, "upload target");
    long n = source.remaining();
    if (n > target.size()) {
      throw new IllegalArgumentException(
          "upload of " + n + " bytes into an OpenClBuffer of " + target.size()
              + " bytes: the host buffer has more bytes remaining than the device buffer holds");
    }
    if (n == 0) {
      return;
    }
    OpenClCalls.check(
        CL.clEnqueueWriteBuffer(queue, target.handle(), true, 0, n, OpenClHostMemory.readable(source), 0, null, null),
        "clEnqueueWriteBuffer",
        () -> "uploading " + n + " bytes to a buffer of " + target.size() + " bytes");
  }

  /** Fills the remaining bytes of {@code target} from the start of {@code source}; blocks. Positions are unchanged. */
  public void download(OpenClBuffer source, ByteBuffer target) {
    ensureOpen();
    requireOwned(source, "download source");
    Objects.requireNonNull(target, "target");
    long n = target.remaining();
    if (n > source.size()) {
      throw new IllegalArgumentException(
          "download of " + n + " bytes from an OpenClBuffer of " + source.size()
              + " bytes: the host buffer has more bytes remaining than the device buffer holds; limit it to " + source.size());
    }
    if (n == 0) {
      return;
    }
    OpenClCalls.check(
        CL.clEnqueueReadBuffer(queue, source.handle(), true, 0, n, OpenClHostMemory.writable(target), 0, null, null),
        "clEnqueueReadBuffer",
        () -> "downloading " + n + " bytes from a buffer of " + source.size() + " bytes");
  }

  /** Repeats {@code pattern} (1 to 128 bytes, a power of two dividing the size) over the whole buffer. */
  public void fill(OpenClBuffer target, byte[] pattern) {
    ensureOpen();
    requireOwned(target, "fill target");
    int p = pattern.length;
    if (p == 0 || p > 128 || Integer.bitCount(p) != 1 || target.size() % p != 0) {
      throw new IllegalArgumentException(
          "fill of an OpenClBuffer of " + target.size() + " bytes with a " + p
              + "-byte pattern: the pattern must be 1, 2, 4, ... or 128 bytes and divide the buffer size");
    }
    OpenClCalls.check(
        CL.clEnqueueFillBuffer(queue, target.handle(), Pointer.to(pattern.clone()), p, 0, target.size(), 0, null, null),
        "clEnqueueFillBuffer",
        () -> "filling a buffer of " + target.size() + " bytes with a " + p + "-byte pattern");
  }

  /** Sets every byte of the buffer to {@code value}. */
  public void fill(OpenClBuffer target, byte value) {
    fill(target, new byte[] {value});
  }

  /**
   * Builds a program for this device, from the binary cache when possible.
   *
   * @param options compiler options such as {@code -cl-fast-relaxed-math}; null means none
   * @throws OpenClBuildException when the compiler rejects the source; the message holds the build log
   */
  public OpenClProgram build(String source, String options) {
    ensureOpen();
    Objects.requireNonNull(source, "source");
    String opts = options == null ? "" : options;
    OpenClProgramCompiler.Built built = compiler.build(source, opts);
    return track(new OpenClProgram(this, built.program(), opts, built.key(), built.fromCache(), built.log(), built.kernelNames()));
  }

  /** The kernel {@code name} of {@code program}. */
  public OpenClKernel kernel(OpenClProgram program, String name) {
    ensureOpen();
    Objects.requireNonNull(name, "name");
    if (program.owner() != this) {
      throw new IllegalArgumentException("the program for kernel '" + name + "' was built by a different OpenClRuntime");
    }
    int[] err = new int[1];
    cl_kernel k = CL.clCreateKernel(program.handle(), name, err);
    if (err[0] == CL.CL_INVALID_KERNEL_NAME) {
      throw new OpenClException(
          "clCreateKernel", err[0], "creating kernel '" + name + "'; the program defines " + program.kernelNames());
    }
    OpenClCalls.check(err[0], "clCreateKernel", () -> "creating kernel '" + name + "'");
    int argumentCount;
    try {
      argumentCount = (int) OpenClInfoQueries.kernelNumber(k, CL.CL_KERNEL_NUM_ARGS, "the argument count of '" + name + "'");
    } catch (OpenClException e) {
      CL.clReleaseKernel(k);
      throw e;
    }
    return track(new OpenClKernel(this, program, name, k, argumentCount));
  }

  /**
   * Enqueues the kernel over {@code globalSize} work-items; returns without waiting.
   *
   * @param args one value per kernel parameter: OpenClBuffer, Integer, Long, Float, Double, Short or Byte
   * @param localSize work-group shape, or null to let the driver choose
   */
  public void launch(OpenClKernel kernel, List<?> args, long[] globalSize, long[] localSize) {
    enqueue(kernel, args, globalSize, localSize, null);
  }

  /** Like {@link #launch} but waits for the kernel and returns its device time in nanoseconds, from profiling events. */
  public long launchTimed(OpenClKernel kernel, List<?> args, long[] globalSize, long[] localSize) {
    cl_event event = new cl_event();
    enqueue(kernel, args, globalSize, localSize, event);
    try {
      OpenClCalls.check(CL.clWaitForEvents(1, new cl_event[] {event}), "clWaitForEvents", () -> "waiting for kernel '" + kernel.name() + "'");
      return elapsed(event, "kernel '" + kernel.name() + "'");
    } finally {
      CL.clReleaseEvent(event);
    }
  }

  /** One launch of {@link #launchAllTimed}. */
  public record Launch(OpenClKernel kernel, List<?> args, long[] globalSize, long[] localSize) {}

  /**
   * Enqueues {@code launches} in turn, waits, and returns nanoseconds from the start of the
   * first to the end of the last (a call made of several kernels, as split-KV's two passes).
   */
  public long launchAllTimed(List<Launch> launches) {
    if (launches.isEmpty()) {
      throw new IllegalArgumentException("no launches to time");
    }
    cl_event[] events = new cl_event[launches.size()];
    try {
      for (int i = 0; i < events.length; i++) {
        Launch l = launches.get(i);
        cl_event e = new cl_event();
        try {
          enqueue(l.kernel(), l.args(), l.globalSize(), l.localSize(), e);
        } catch (RuntimeException failed) {
          finish(); // the launches already enqueued must not overlap the next timing
          throw failed;
        }
        events[i] = e; // released below only once enqueued
      }
      OpenClCalls.check(CL.clWaitForEvents(events.length, events), "clWaitForEvents", () -> "waiting for " + events.length + " launches");
      String what = launches.size() + " launches";
      return profilingTime(events[events.length - 1], CL.CL_PROFILING_COMMAND_END, what)
          - profilingTime(events[0], CL.CL_PROFILING_COMMAND_START, what);
    } finally {
      for (cl_event e : events) {
        if (e != null) {
          CL.clReleaseEvent(e);
        }
      }
    }
  }

  /** Copies {@code bytes} from {@code source} to {@code target} on the device; waits and returns the copy's device time in nanoseconds. */
  public long copyTimed(OpenClBuffer source, OpenClBuffer target, long bytes) {
    ensureOpen();
    requireOwned(source, "source");
    requireOwned(target, "target");
    if (bytes < 0 || bytes > source.size() || bytes > target.size()) {
      throw new IllegalArgumentException("cannot copy " + bytes + " bytes from a buffer of " + source.size()
          + " to one of " + target.size());
    }
    cl_event event = new cl_event();
    OpenClCalls.check(CL.clEnqueueCopyBuffer(queue, source.handle(), target.handle(), 0, 0, bytes, 0, null, event),
        "clEnqueueCopyBuffer", () -> "copying " + bytes + " bytes between device buffers");
    try {
      OpenClCalls.check(CL.clWaitForEvents(1, new cl_event[] {event}), "clWaitForEvents", () -> "waiting for a buffer copy");
      return elapsed(event, "a buffer copy");
    } finally {
      CL.clReleaseEvent(event);
    }
  }

  private long elapsed(cl_event event, String what) {
    return profilingTime(event, CL.CL_PROFILING_COMMAND_END, what) - profilingTime(event, CL.CL_PROFILING_COMMAND_START, what);
  }

  /** Waits until every enqueued command has completed. */
  public void finish() {
    ensureOpen();
    OpenClCalls.check(CL.clFinish(queue), "clFinish", () -> "waiting for the queue of " + device.label());
  }

  private void enqueue(OpenClKernel kernel, List<?> args, long[] globalSize, long[] localSize, cl_event event) {
    ensureOpen();
    if (kernel.owner() != this) {
      throw new IllegalArgumentException("kernel '" + kernel.name() + "' was created by a different OpenClRuntime");
    }
    long[] global = globalSize == null ? null : globalSize.clone();
    long[] local = localSize == null ? null : localSize.clone();
    OpenClWorkSize.check(kernel.name(), global, local, device.maxWorkGroupSize());
    OpenClKernelArguments.set(this, kernel, args);
    int code = CL.clEnqueueNDRangeKernel(queue, kernel.handle(), global.length, null, global, local, 0, null, event);
    String doing =
        "launching kernel '" + kernel.name() + "' with global " + OpenClWorkSize.describe(global) + " and local "
            + OpenClWorkSize.describe(local);
    if (code == CL.CL_INVALID_WORK_GROUP_SIZE) {
      throw new OpenClException(
          "clEnqueueNDRangeKernel", code,
          doing + "; each global size must be a multiple of the local size (OpenCL 1.x) and the kernel's "
              + "reqd_work_group_size, if any, must match");
    }
    OpenClCalls.check(code, "clEnqueueNDRangeKernel", () -> doing);
  }

  private long profilingTime(cl_event event, int param, String what) {
    long[] value = new long[1];
    OpenClCalls.check(
        CL.clGetEventProfilingInfo(event, param, Long.BYTES, Pointer.to(value), null),
        "clGetEventProfilingInfo",
        () -> "timing " + what);
    return value[0];
  }

  private void requireOwned(OpenClBuffer buffer, String role) {
    Objects.requireNonNull(buffer, role);
    if (buffer.owner() != this) {
      throw new IllegalArgumentException("the " + role + " " + buffer + " belongs to a different OpenClRuntime; allocate it on this one");
    }
  }

  private <T extends OpenClResource> T track(T resource) {
    live.add(resource);
    return resource;
  }

  /** Called by a resource's close. */
  void forget(OpenClResource resource) {
    live.remove(resource);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this OpenClRuntime on " + device.label() + " was closed; open a new one");
    }
  }

  public boolean isClosed() {
    return closed;
  }

  /** Releases live kernels, programs and buffers (newest first), then the queue and the context. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<OpenClResource> resources = new ArrayList<>(live);
    OpenClException failure = null;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (OpenClException e) {
        failure = addFailure(failure, e);
      }
    }
    int q = CL.clReleaseCommandQueue(queue);
    if (q != CL.CL_SUCCESS) {
      failure = addFailure(failure, new OpenClException("clReleaseCommandQueue", q, "closing the runtime on " + device.label()));
    }
    int c = CL.clReleaseContext(context);
    if (c != CL.CL_SUCCESS) {
      failure = addFailure(failure, new OpenClException("clReleaseContext", c, "closing the runtime on " + device.label()));
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static OpenClException addFailure(OpenClException first, OpenClException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  @Override
  public String toString() {
    return "OpenClRuntime[" + device.label() + (closed ? ", closed]" : "]");
  }
}
