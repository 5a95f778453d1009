package dev.kgen.launch;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * An OpenCL device through JOCL: one context, one in-order queue. A specialization is built
 * from its {@code .cl} resource the first time it is launched, through a binary cache keyed by
 * the source and the device, and launched as {@code grid.x * threads} by {@code grid.y} by
 * {@code grid.z} work-items in work-groups of {@code threads}.
 */
final class OpenClDevice extends DeviceBase<OpenClDevice.Built> {
  private static final String BINARY_FORMAT = "kgen-launch-opencl-binary/1";

  record Built(cl_program program, cl_kernel kernel) {}

  private final OpenClDeviceChoice choice;
  private final cl_device_id device;
  private final cl_context context;
  private final cl_command_queue queue;
  private final BinaryCache cache;

  private OpenClDevice(OpenClDeviceChoice choice, Path cacheDirectory) {
    this.choice = choice;
    this.device = choice.device();
    this.cache = new BinaryCache(cacheDirectory);
    cl_context_properties props = new cl_context_properties();
    props.addProperty(CL.CL_CONTEXT_PLATFORM, choice.platform());
    int[] err = new int[1];
    this.context = CL.clCreateContext(props, 1, new cl_device_id[] {device}, null, null, err);
    OpenClCalls.check(err[0], "clCreateContext", () -> "opening " + choice.label());
    this.queue = createQueue(err);
    if (err[0] != CL.CL_SUCCESS) {
      CL.clReleaseContext(context);
      OpenClCalls.check(err[0], "clCreateCommandQueue", () -> "opening a queue on " + choice.label());
    }
  }

  @SuppressWarnings("deprecation")
  private cl_command_queue createQueue(int[] err) {
    // the OpenCL 1.2 call: every 2.x and 3.0 driver still has it, and PoCL and NVIDIA 1.2-era ICDs have nothing else
    return CL.clCreateCommandQueue(context, device, 0, err);
  }

  static OpenClDevice open(String selector, Path cacheDirectory) {
    return new OpenClDevice(OpenClDeviceChoice.choose(selector), cacheDirectory);
  }

  @Override
  public String platform() {
    return "opencl";
  }

  @Override
  public String name() {
    return choice.deviceName();
  }

  /** Where built programs are cached. */
  Path cacheDirectory() {
    return cache.directory();
  }

  private static final class ClMemory extends DeviceMemory {
    final cl_mem mem;

    ClMemory(DeviceBase<?> owner, long bytes, cl_mem mem) {
      super(owner, bytes);
      this.mem = mem;
    }
  }

  @Override
  DeviceMemory newBuffer(long bytes) {
    int[] err = new int[1];
    cl_mem mem = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, bytes, null, err);
    OpenClCalls.check(err[0], "clCreateBuffer", () -> "allocating " + bytes + " bytes on " + choice.label());
    return new ClMemory(this, bytes, mem);
  }

  @Override
  void copyIn(DeviceMemory target, ByteBuffer source) {
    ByteBuffer src = source.isDirect() || source.hasArray() ? source : staged(source);
    long n = src.remaining();
    OpenClCalls.check(CL.clEnqueueWriteBuffer(queue, ((ClMemory) target).mem, true, 0, n, Pointer.toBuffer(src), 0, null, null),
        "clEnqueueWriteBuffer", () -> "uploading " + n + " bytes");
  }

  private static ByteBuffer staged(ByteBuffer source) {
    ByteBuffer copy = ByteBuffer.allocateDirect(source.remaining());
    copy.put(source.duplicate()).flip();
    return copy;
  }

  @Override
  void copyOut(DeviceMemory source, ByteBuffer target) {
    long n = target.remaining();
    OpenClCalls.check(CL.clEnqueueReadBuffer(queue, ((ClMemory) source).mem, true, 0, n, Pointer.toBuffer(target), 0, null, null),
        "clEnqueueReadBuffer", () -> "downloading " + n + " bytes");
  }

  @Override
  Built build(KernelSource k) {
    if (k.threadsPerProgram() > choice.maxWorkGroupSize()) {
      throw new LaunchException(k + " runs " + k.threadsPerProgram() + " threads per program but " + choice.label()
          + " allows work-groups of at most " + choice.maxWorkGroupSize()
          + "; declare the specialization with threadsPerProgram <= " + choice.maxWorkGroupSize());
    }
    String source = k.require("cl");
    String key = BinaryCache.key(List.of(BINARY_FORMAT, source, choice.platformName(), choice.deviceName(),
        choice.version(), choice.driverVersion()));
    cl_program program = cache.load(key, ".clbin").map(this::fromBinary).orElse(null);
    if (program == null) {
      program = fromSource(k, source);
      cache.store(key, ".clbin", binaryOf(program));
    }
    int[] err = new int[1];
    cl_kernel kernel = CL.clCreateKernel(program, k.entryName(), err);
    if (err[0] != CL.CL_SUCCESS) {
      CL.clReleaseProgram(program);
      OpenClCalls.check(err[0], "clCreateKernel", () -> "creating kernel '" + k.entryName() + "' of " + k);
    }
    return new Built(program, kernel);
  }

  private cl_program fromSource(KernelSource k, String source) {
    int[] err = new int[1];
    cl_program program = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, err);
    OpenClCalls.check(err[0], "clCreateProgramWithSource", () -> "loading " + k.resourcePath("cl"));
    int code = CL.clBuildProgram(program, 1, new cl_device_id[] {device}, "", null, null);
    if (code != CL.CL_SUCCESS) {
      String log = OpenClCalls.buildLog(program, device);
      CL.clReleaseProgram(program);
      throw new LaunchException("clBuildProgram failed with " + CL.stringFor_errorCode(code) + " for " + k.resourcePath("cl")
          + " on " + choice.label() + "; build log:\n" + log);
    }
    return program;
  }

  /** A program from a cached binary, or null when the driver refuses it (it is then rebuilt from source). */
  private cl_program fromBinary(byte[] binary) {
    int[] status = new int[1];
    int[] err = new int[1];
    cl_program program = CL.clCreateProgramWithBinary(context, 1, new cl_device_id[] {device}, new long[] {binary.length},
        new byte[][] {binary}, status, err);
    if (err[0] != CL.CL_SUCCESS || status[0] != CL.CL_SUCCESS) {
      if (program != null && err[0] == CL.CL_SUCCESS) {
        CL.clReleaseProgram(program);
      }
      return null;
    }
    if (CL.clBuildProgram(program, 1, new cl_device_id[] {device}, "", null, null) != CL.CL_SUCCESS) {
      CL.clReleaseProgram(program);
      return null;
    }
    return program;
  }

  private static byte[] binaryOf(cl_program program) {
    long[] size = new long[1];
    if (CL.clGetProgramInfo(program, CL.CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(size), null) != CL.CL_SUCCESS
        || size[0] <= 0 || size[0] > Integer.MAX_VALUE) {
      return new byte[0];
    }
    byte[] binary = new byte[(int) size[0]];
    int code = CL.clGetProgramInfo(program, CL.CL_PROGRAM_BINARIES, Sizeof.POINTER,
        Pointer.to(new Pointer[] {Pointer.to(binary)}), null);
    return code == CL.CL_SUCCESS ? binary : new byte[0];
  }

  @Override
  void enqueue(Built built, KernelSource k, Grid grid, Object[] args) {
    for (int i = 0; i < args.length; i++) {
      int index = i;
      Object a = args[i];
      int code;
      if (a == null) {
        code = CL.clSetKernelArg(built.kernel(), i, Sizeof.cl_mem, null);
      } else if (a instanceof ClMemory m) {
        code = CL.clSetKernelArg(built.kernel(), i, Sizeof.cl_mem, Pointer.to(m.mem));
      } else if (a instanceof Integer v) {
        code = CL.clSetKernelArg(built.kernel(), i, Sizeof.cl_int, Pointer.to(new int[] {v}));
      } else if (a instanceof Long v) {
        code = CL.clSetKernelArg(built.kernel(), i, Sizeof.cl_long, Pointer.to(new long[] {v}));
      } else if (a instanceof Float v) {
        code = CL.clSetKernelArg(built.kernel(), i, Sizeof.cl_float, Pointer.to(new float[] {v}));
      } else {
        code = CL.clSetKernelArg(built.kernel(), i, Sizeof.cl_double, Pointer.to(new double[] {(Double) a}));
      }
      OpenClCalls.check(code, "clSetKernelArg", () -> "setting argument " + index + " (" + describe(a) + ") of " + k);
    }
    long t = k.threadsPerProgram();
    long[] global = {grid.x() * t, grid.y(), grid.z()};
    long[] local = {t, 1, 1};
    OpenClCalls.check(CL.clEnqueueNDRangeKernel(queue, built.kernel(), 3, null, global, local, 0, null, null),
        "clEnqueueNDRangeKernel", () -> "launching " + k + " over grid " + grid + " with " + t + " threads per program");
  }

  private static String describe(Object a) {
    return a == null ? "null" : a instanceof Buffer ? a.toString() : a.getClass().getSimpleName() + " " + a;
  }

  @Override
  void finish() {
    OpenClCalls.check(CL.clFinish(queue), "clFinish", () -> "waiting for the queue of " + choice.label());
  }

  @Override
  void release(DeviceMemory buffer) {
    OpenClCalls.check(CL.clReleaseMemObject(((ClMemory) buffer).mem), "clReleaseMemObject", () -> "freeing " + buffer);
  }

  @Override
  void releaseKernel(Built built) {
    CL.clReleaseKernel(built.kernel());
    CL.clReleaseProgram(built.program());
  }

  @Override
  void releaseDevice() {
    CL.clFinish(queue);
    CL.clReleaseCommandQueue(queue);
    CL.clReleaseContext(context);
  }
}
