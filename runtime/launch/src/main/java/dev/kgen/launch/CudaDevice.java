package dev.kgen.launch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * A CUDA device through JCuda's driver API, on the device's primary context. A specialization
 * is loaded from its {@code .ptx} resource when the build shipped one, else compiled from its
 * {@code .cu} resource for the device's architecture with NVRTC (or nvcc where JCuda's NVRTC
 * does not load), and launched as {@code grid}
 * blocks of {@code threads} threads. JCuda ({@code org.jcuda:jcuda}) must be on the class path.
 */
final class CudaDevice extends DeviceBase<CudaDevice.Built> {
  record Built(CUmodule module, CUfunction function) {}

  private final int ordinal;
  private final CUdevice device = new CUdevice();
  private final CUcontext context = new CUcontext();
  private final String name;
  private final String computeArch;

  private CudaDevice(int ordinal) {
    this.ordinal = ordinal;
    JCudaDriver.setExceptionsEnabled(false);
    check(JCudaDriver.cuInit(0), "cuInit", "initializing the CUDA driver");
    int[] count = new int[1];
    check(JCudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount", "counting CUDA devices");
    if (ordinal < 0 || ordinal >= count[0]) {
      throw new LaunchException("CUDA device " + ordinal + " does not exist; this machine has " + count[0]
          + (count[0] == 1 ? " device (0)" : " devices (0.." + (count[0] - 1) + ")"));
    }
    check(JCudaDriver.cuDeviceGet(device, ordinal), "cuDeviceGet", "opening CUDA device " + ordinal);
    byte[] raw = new byte[256];
    check(JCudaDriver.cuDeviceGetName(raw, raw.length, device), "cuDeviceGetName", "naming CUDA device " + ordinal);
    this.name = cString(raw);
    int[] major = new int[1];
    int[] minor = new int[1];
    check(JCudaDriver.cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device),
        "cuDeviceGetAttribute", "reading the compute capability of " + name);
    check(JCudaDriver.cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device),
        "cuDeviceGetAttribute", "reading the compute capability of " + name);
    this.computeArch = "compute_" + major[0] + minor[0];
    check(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain", "opening a context on " + name);
  }

  private static String cString(byte[] raw) {
    int end = 0;
    while (end < raw.length && raw[end] != 0) {
      end++;
    }
    return new String(raw, 0, end, StandardCharsets.UTF_8);
  }

  static CudaDevice open(int ordinal) {
    return new CudaDevice(ordinal);
  }

  /** Whether JCuda loads and the driver lists at least one device; never throws. */
  static boolean available() {
    try {
      JCudaDriver.setExceptionsEnabled(false);
      int[] count = new int[1];
      return JCudaDriver.cuInit(0) == CUresult.CUDA_SUCCESS
          && JCudaDriver.cuDeviceGetCount(count) == CUresult.CUDA_SUCCESS && count[0] > 0;
    } catch (LinkageError e) {
      return false;
    }
  }

  private static void check(int result, String call, String doing) {
    if (result != CUresult.CUDA_SUCCESS) {
      throw new LaunchException(call + " failed with " + CUresult.stringFor(result) + " while " + doing);
    }
  }

  private void current() {
    check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent", "making the context of " + name + " current");
  }

  @Override
  public String platform() {
    return "cuda";
  }

  @Override
  public String name() {
    return name;
  }

  private static final class CuMemory extends DeviceMemory {
    final CUdeviceptr ptr;

    CuMemory(DeviceBase<?> owner, long bytes, CUdeviceptr ptr) {
      super(owner, bytes);
      this.ptr = ptr;
    }
  }

  @Override
  DeviceMemory newBuffer(long bytes) {
    current();
    CUdeviceptr ptr = new CUdeviceptr();
    check(JCudaDriver.cuMemAlloc(ptr, bytes), "cuMemAlloc", "allocating " + bytes + " bytes on " + name);
    return new CuMemory(this, bytes, ptr);
  }

  @Override
  void copyIn(DeviceMemory target, ByteBuffer source) {
    current();
    ByteBuffer staged = ByteBuffer.allocateDirect(source.remaining());
    staged.put(source.duplicate()).flip();
    check(JCudaDriver.cuMemcpyHtoD(((CuMemory) target).ptr, Pointer.to(staged), staged.capacity()), "cuMemcpyHtoD",
        "uploading " + staged.capacity() + " bytes");
  }

  @Override
  void copyOut(DeviceMemory source, ByteBuffer target) {
    current();
    ByteBuffer staged = ByteBuffer.allocateDirect(target.remaining());
    check(JCudaDriver.cuMemcpyDtoH(Pointer.to(staged), ((CuMemory) source).ptr, staged.capacity()), "cuMemcpyDtoH",
        "downloading " + staged.capacity() + " bytes");
    target.duplicate().put(staged);
  }

  /** NVRTC where JCuda's NVRTC loads, else nvcc. */
  private String compile(KernelSource k) {
    try {
      return NvrtcCompiler.ptx(k, computeArch);
    } catch (LaunchException e) {
      if (!(e.getCause() instanceof LinkageError)) {
        throw e;
      }
      return NvccPtxCompiler.ptx(k, computeArch);
    }
  }

  @Override
  Built build(KernelSource k) {
    current();
    String ptx = k.read("ptx").orElseGet(() -> compile(k));
    byte[] image = (ptx + "\0").getBytes(StandardCharsets.UTF_8);
    CUmodule module = new CUmodule();
    check(JCudaDriver.cuModuleLoadData(module, image), "cuModuleLoadData",
        "loading the PTX of " + k + " on " + name + " (" + computeArch + ")");
    CUfunction function = new CUfunction();
    int r = JCudaDriver.cuModuleGetFunction(function, module, k.entryName());
    if (r != CUresult.CUDA_SUCCESS) {
      JCudaDriver.cuModuleUnload(module);
      check(r, "cuModuleGetFunction", "finding kernel '" + k.entryName() + "' of " + k);
    }
    return new Built(module, function);
  }

  @Override
  void enqueue(Built built, KernelSource k, Grid grid, Object[] args) {
    current();
    NativePointerObject[] params = new NativePointerObject[args.length];
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) {
        params[i] = Pointer.to(new CUdeviceptr());
      } else if (a instanceof CuMemory m) {
        params[i] = Pointer.to(m.ptr);
      } else if (a instanceof Integer v) {
        params[i] = Pointer.to(new int[] {v});
      } else if (a instanceof Long v) {
        params[i] = Pointer.to(new long[] {v});
      } else if (a instanceof Float v) {
        params[i] = Pointer.to(new float[] {v});
      } else {
        params[i] = Pointer.to(new double[] {(Double) a});
      }
    }
    check(JCudaDriver.cuLaunchKernel(built.function(), grid.x(), grid.y(), grid.z(), k.threadsPerProgram(), 1, 1, 0, null,
        Pointer.to(params), null), "cuLaunchKernel", "launching " + k + " over grid " + grid + " on " + name);
  }

  @Override
  void finish() {
    current();
    check(JCudaDriver.cuCtxSynchronize(), "cuCtxSynchronize", "waiting for " + name);
  }

  @Override
  void release(DeviceMemory buffer) {
    current();
    check(JCudaDriver.cuMemFree(((CuMemory) buffer).ptr), "cuMemFree", "freeing " + buffer);
  }

  @Override
  void releaseKernel(Built built) {
    current();
    JCudaDriver.cuModuleUnload(built.module());
  }

  @Override
  void releaseDevice() {
    JCudaDriver.cuDevicePrimaryCtxRelease(device);
  }

  @Override
  public String toString() {
    return "cuda device " + ordinal + " '" + name + "'";
  }
}
