package dev.kgen.runtime.cuda;

import dev.kgen.codegen.GeneratedKernel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * One device through the CUDA driver API: memory, modules, launches and timing. Every call
 * makes this runtime's context current on the calling thread first, so a runtime may move
 * between threads, but it is not meant for concurrent use. Launches are asynchronous on the
 * default stream; downloads, {@link #synchronize()} and the timed calls wait.
 *
 * <p>Every driver failure is a {@link CudaDriverException} naming the driver call, the CUDA
 * error and what was being done. Closing frees buffers and modules still open, then releases
 * (primary) or destroys (own) the context.
 */
public final class CudaRuntime implements AutoCloseable {
  /** Whether to share the device's primary context (as the CUDA runtime API does) or own one. */
  public enum ContextMode {
    PRIMARY,
    OWN
  }

  private final CudaDeviceInfo device;
  private final CUdevice cuDevice;
  private final ContextMode mode;
  private final CUcontext context;
  private final Set<CudaBuffer> buffers = new LinkedHashSet<>();
  private final Set<CudaModule> modules = new LinkedHashSet<>();
  private final EventTimer timer = new EventTimer();
  private CudaBuffer l2Scratch;
  /** The least an L2 flush writes: triton.testing.do_bench's 256 MiB. */
  static final long L2_FLUSH_BYTES = 256L << 20;
  private byte l2Fill;
  private boolean closed;

  private CudaRuntime(CudaDeviceInfo device, ContextMode mode) {
    this.device = device;
    this.mode = mode;
    this.cuDevice = DeviceQuery.device(device.index());
    this.context = new CUcontext();
    String doing = "creating a context on " + describe(device);
    if (mode == ContextMode.PRIMARY) {
      DriverCall.run("cuDevicePrimaryCtxRetain", () -> doing,
          () -> JCudaDriver.cuDevicePrimaryCtxRetain(context, cuDevice));
    } else {
      DriverCall.run("cuCtxCreate", () -> doing,
          () -> JCudaDriver.cuCtxCreate(context, 0, cuDevice));
    }
    activate("making the new context current");
  }

  /** The device's primary context. */
  public static CudaRuntime open(int deviceIndex) {
    return open(deviceIndex, ContextMode.PRIMARY);
  }

  /**
   * A runtime on the device.
   *
   * @throws IllegalArgumentException when the device does not exist or CUDA is unusable, with
   *     {@link CudaDevices#unavailableReason()}
   */
  public static CudaRuntime open(int deviceIndex, ContextMode mode) {
    Objects.requireNonNull(mode, "mode");
    CudaDeviceInfo info = CudaDevices.get(deviceIndex);
    return new CudaRuntime(info, mode);
  }

  public CudaDeviceInfo device() {
    return device;
  }

  public ContextMode contextMode() {
    return mode;
  }

  // ---- memory ----

  /** Allocates {@code bytes} (> 0) of uninitialized device memory. */
  public synchronized CudaBuffer allocate(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException(
          "allocate(" + bytes + "): the size must be > 0 bytes");
    }
    activate("allocating " + bytes + " bytes");
    DevicePointer pointer = new DevicePointer();
    DriverCall.run("cuMemAlloc", () -> "allocating " + bytes + " bytes on " + describe(device),
        () -> JCudaDriver.cuMemAlloc(pointer, bytes));
    CudaBuffer buffer = new CudaBuffer(this, pointer, bytes);
    if (buffer.address() % GeneratedKernel.POINTER_ALIGNMENT != 0) { // the driver promises 256
      JCudaDriver.cuMemFree(pointer);
      throw new IllegalStateException("cuMemAlloc returned address 0x" + Long.toHexString(buffer.address())
          + ", not aligned to the " + GeneratedKernel.POINTER_ALIGNMENT + " bytes generated kernels assume");
    }
    buffers.add(buffer);
    return buffer;
  }

  /** Copies {@code src}'s remaining bytes to the start of {@code dst}; src is not moved. */
  public void upload(CudaBuffer dst, ByteBuffer src) {
    upload(dst, 0, src);
  }

  /** Copies {@code src}'s remaining bytes to {@code dst} at {@code dstOffset}; src is not moved. */
  public synchronized void upload(CudaBuffer dst, long dstOffset, ByteBuffer src) {
    long n = src.remaining();
    String doing = "uploading " + n + " bytes to offset " + dstOffset + " of " + dst;
    CUdeviceptr target = range(dst, dstOffset, n, "upload");
    if (n == 0) {
      return;
    }
    Pointer direct = HostMemory.direct(src);
    Pointer host = direct != null ? direct : Pointer.to(HostMemory.staged(src));
    activate(doing);
    DriverCall.run("cuMemcpyHtoD", () -> doing,
        () -> JCudaDriver.cuMemcpyHtoD(target, host, n));
  }

  /** Fills {@code dst}'s remaining bytes from the start of {@code src}; dst is not moved. */
  public void download(CudaBuffer src, ByteBuffer dst) {
    download(src, 0, dst);
  }

  /** Fills {@code dst}'s remaining bytes from {@code src} at {@code srcOffset}; waits. */
  public synchronized void download(CudaBuffer src, long srcOffset, ByteBuffer dst) {
    long n = dst.remaining();
    String doing = "downloading " + n + " bytes from offset " + srcOffset + " of " + src;
    CUdeviceptr source = range(src, srcOffset, n, "download");
    if (n == 0) {
      return;
    }
    if (dst.isReadOnly()) {
      throw new IllegalArgumentException(doing + ": the destination ByteBuffer is read-only");
    }
    activate(doing);
    Pointer direct = HostMemory.direct(dst);
    if (direct != null) {
      DriverCall.run("cuMemcpyDtoH", () -> doing,
          () -> JCudaDriver.cuMemcpyDtoH(direct, source, n));
    } else {
      ByteBuffer staging = ByteBuffer.allocateDirect((int) n);
      DriverCall.run("cuMemcpyDtoH", () -> doing,
          () -> JCudaDriver.cuMemcpyDtoH(Pointer.to(staging), source, n));
      dst.duplicate().put(staging);
    }
  }

  /** Sets every byte of the buffer to {@code value}. */
  public void memset(CudaBuffer dst, byte value) {
    memset(dst, 0, dst.size(), value);
  }

  /** Sets {@code count} bytes from {@code offset} to {@code value}. */
  public synchronized void memset(CudaBuffer dst, long offset, long count, byte value) {
    String doing = "setting " + count + " bytes at offset " + offset + " of " + dst + " to "
        + value;
    CUdeviceptr target = range(dst, offset, count, "memset");
    if (count == 0) {
      return;
    }
    activate(doing);
    DriverCall.run("cuMemsetD8", () -> doing, () -> JCudaDriver.cuMemsetD8(target, value, count));
  }

  /** Frees the buffer; also what {@link CudaBuffer#close()} does. */
  public synchronized void free(CudaBuffer buffer) {
    owned(buffer.runtime(), "free");
    if (!buffer.markClosed()) {
      return;
    }
    buffers.remove(buffer);
    if (closed) {
      return;
    }
    activate("freeing " + buffer);
    DriverCall.run("cuMemFree", () -> "freeing " + buffer,
        () -> JCudaDriver.cuMemFree(buffer.rawPointer()));
  }

  // ---- modules and functions ----

  /** Loads PTX (JIT-compiled by the driver) or a cubin. */
  public synchronized CudaModule loadModule(CompiledCuda compiled) {
    Objects.requireNonNull(compiled, "compiled");
    String doing = "loading the " + compiled.kind() + " module of kernel '"
        + compiled.kernelName() + "' (" + compiled.compiler() + ", " + compiled.target().arch()
        + ") on " + describe(device)
        + (compiled.kind() == CudaOutputKind.PTX
            ? "; CUDA_ERROR_UNSUPPORTED_PTX_VERSION means the driver is older than the compiler"
            : "; CUDA_ERROR_NO_BINARY_FOR_GPU means the cubin is not for " + device.arch());
    activate(doing);
    byte[] image = compiled.bytesUnsafe();
    if (compiled.kind() == CudaOutputKind.PTX) {
      // The driver reads PTX as a C string.
      image = Arrays.copyOf(image, image.length + 1);
    }
    byte[] data = image;
    CUmodule module = new CUmodule();
    DriverCall.run("cuModuleLoadData", () -> doing,
        () -> JCudaDriver.cuModuleLoadData(module, data));
    CudaModule loaded = new CudaModule(this, module, compiled);
    modules.add(loaded);
    return loaded;
  }

  /** Unloads the module; also what {@link CudaModule#close()} does. */
  public synchronized void unload(CudaModule module) {
    owned(module.runtime(), "unload");
    if (!module.markClosed()) {
      return;
    }
    modules.remove(module);
    if (closed) {
      return;
    }
    activate("unloading " + module);
    CUmodule handle = module.rawHandle();
    DriverCall.run("cuModuleUnload", () -> "unloading " + module,
        () -> JCudaDriver.cuModuleUnload(handle));
  }

  /** The kernel {@code name} of the module (the mangled name unless declared extern "C"). */
  public synchronized CudaFunction function(CudaModule module, String name) {
    Objects.requireNonNull(name, "name");
    owned(module.runtime(), "function");
    String doing = "looking up kernel '" + name + "' in " + module
        + " (CUDA_ERROR_NOT_FOUND: is it declared extern \"C\" __global__?)";
    CUmodule handle = module.handle(doing);
    activate(doing);
    CUfunction function = new CUfunction();
    DriverCall.run("cuModuleGetFunction", () -> doing,
        () -> JCudaDriver.cuModuleGetFunction(function, handle, name));
    return new CudaFunction(module, name, function,
        attribute(function, name, CUfunction_attribute.CU_FUNC_ATTRIBUTE_NUM_REGS),
        attribute(function, name, CUfunction_attribute.CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES),
        attribute(function, name, CUfunction_attribute.CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES),
        attribute(function, name, CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK),
        device.maxSharedMemoryPerBlock());
  }

  private static int attribute(CUfunction function, String name, int attribute) {
    int[] value = new int[1];
    DriverCall.run("cuFuncGetAttribute",
        () -> "reading " + CUfunction_attribute.stringFor(attribute) + " of kernel '" + name + "'",
        () -> JCudaDriver.cuFuncGetAttribute(value, attribute, function));
    return value[0];
  }

  // ---- launches ----

  /**
   * Enqueues the kernel on the default stream and returns without waiting.
   *
   * @param args one per kernel parameter, in order: CudaBuffer (its device address), Integer,
   *     Long, Float, Double, Short or Byte, each passed with its exact C width
   * @param grid blocks in x, y, z
   * @param block threads per block in x, y, z
   * @param sharedBytes dynamic shared memory per block; above 48 KiB the kernel is opted in
   */
  public synchronized void launch(
      CudaFunction function, List<?> args, int[] grid, int[] block, int sharedBytes) {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(args, "args");
    owned(function.module().runtime(), "launch");
    String name = function.name();
    LaunchShape.check(name, grid, block, sharedBytes, device, function.maxThreadsPerBlock(),
        function.staticSharedBytes());
    for (Object arg : args) {
      if (arg instanceof CudaBuffer b) {
        owned(b.runtime(), "launch of kernel '" + name + "' with " + b);
      }
    }
    String doing = "launching kernel '" + name + "' with grid " + Arrays.toString(grid)
        + ", block " + Arrays.toString(block) + ", " + sharedBytes + " bytes of dynamic shared"
        + " memory and " + args.size() + " arguments";
    CUfunction handle = function.handle(doing);
    activate(doing);
    if (sharedBytes > function.dynamicSharedLimit()) {
      DriverCall.run("cuFuncSetAttribute",
          () -> "opting kernel '" + name + "' in to " + sharedBytes
              + " bytes of dynamic shared memory (CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES)",
          () -> JCudaDriver.cuFuncSetAttribute(handle,
              CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, sharedBytes));
      function.dynamicSharedLimit(sharedBytes);
    }
    Pointer params = KernelArgs.pack(name, args);
    DriverCall.run("cuLaunchKernel", () -> doing,
        () -> JCudaDriver.cuLaunchKernel(handle, grid[0], grid[1], grid[2],
            block[0], block[1], block[2], sharedBytes, null, params, null));
  }

  /** Launches and waits; returns the kernel's device time in milliseconds (CUDA events). */
  public synchronized double launchTimed(
      CudaFunction function, List<?> args, int[] grid, int[] block, int sharedBytes) {
    return timeMillis("kernel '" + function.name() + "'",
        () -> launch(function, args, grid, block, sharedBytes));
  }

  /** Device milliseconds between before and after {@code work} enqueues its launches. */
  public synchronized double timeMillis(String what, Runnable work) {
    activate("timing " + what);
    return timer.time(what, work);
  }

  /**
   * Evicts the L2 cache by writing a scratch buffer (kept for reuse) of 256 MiB, or twice the L2
   * where that is more, so the next timed kernel reads from DRAM; 256 MiB is what
   * {@code triton.testing.do_bench} zeroes. Enqueued on the default stream, ahead of what follows.
   * While the GPU writes it, the host enqueues the timing events and the launches, so that no
   * launch reaches the stream after the start event has passed. With a buffer twice an H200's L2
   * (about 30 us of writing) the time of the same call varied by up to 2x between processes; with
   * 256 MiB, four processes agreed within 1% on every public case but one run of one split case
   * (bench/README.md, r32 to r35).
   */
  public synchronized void flushL2() {
    if (l2Scratch == null) {
      long size = Math.max(2L * device.l2CacheBytes(), L2_FLUSH_BYTES);
      l2Scratch = allocate(size);
    }
    l2Fill++; // a changing value so no layer can skip the write as a no-op
    memset(l2Scratch, l2Fill);
  }

  /** Waits for everything enqueued on this context. */
  public synchronized void synchronize() {
    activate("synchronizing");
    DriverCall.run("cuCtxSynchronize", () -> "waiting for the work of " + describe(device)
        + " (an error here usually comes from an earlier asynchronous launch)",
        JCudaDriver::cuCtxSynchronize);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    RuntimeException first = null;
    try {
      activate("closing the runtime");
      timer.close();
      for (CudaBuffer b : new ArrayList<>(buffers)) {
        free(b);
      }
      for (CudaModule m : new ArrayList<>(modules)) {
        unload(m);
      }
    } catch (RuntimeException e) {
      first = e;
    }
    closed = true;
    l2Scratch = null;
    try {
      if (mode == ContextMode.PRIMARY) {
        DriverCall.run("cuDevicePrimaryCtxRelease", () -> "releasing " + describe(device),
            () -> JCudaDriver.cuDevicePrimaryCtxRelease(cuDevice));
      } else {
        DriverCall.run("cuCtxDestroy", () -> "destroying the context of " + describe(device),
            () -> JCudaDriver.cuCtxDestroy(context));
      }
    } catch (RuntimeException e) {
      if (first == null) {
        first = e;
      } else {
        first.addSuppressed(e);
      }
    }
    if (first != null) {
      throw first;
    }
  }

  // ---- helpers ----

  private void activate(String doing) {
    if (closed) {
      throw new IllegalStateException(doing + ": the CUDA runtime of " + describe(device)
          + " is closed");
    }
    DriverCall.run("cuCtxSetCurrent", () -> "making the context current for " + doing,
        () -> JCudaDriver.cuCtxSetCurrent(context));
  }

  private void owned(CudaRuntime owner, String use) {
    if (owner != this) {
      throw new IllegalArgumentException(use + ": the object belongs to another CudaRuntime ("
          + describe(owner.device) + "); use it with the runtime that created it");
    }
  }

  private CUdeviceptr range(CudaBuffer buffer, long offset, long count, String use) {
    owned(buffer.runtime(), use);
    if (offset < 0 || count < 0 || offset > buffer.size() - count) {
      throw new IllegalArgumentException(use + " of " + count + " bytes at offset " + offset
          + ": out of bounds of " + buffer + "; expected offset + count <= " + buffer.size());
    }
    CUdeviceptr base = buffer.pointer(use);
    return offset == 0 ? base : base.withByteOffset(offset);
  }

  private static String describe(CudaDeviceInfo device) {
    return "device " + device.index() + " (" + device.name() + ")";
  }

  @Override
  public String toString() {
    return "CudaRuntime[" + describe(device) + ", " + mode + " context"
        + (closed ? ", closed" : "") + "]";
  }
}
