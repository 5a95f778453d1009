package dev.kgen.runtime.cuda;

import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.ir.Kernel;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.CompiledKernel;
import dev.kgen.runtime.DeviceBuffer;
import dev.kgen.runtime.DeviceInfo;
import dev.kgen.runtime.LaunchOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import jcuda.driver.JCudaDriver;
import java.util.List;

/**
 * CUDA through JCuda's driver API as a {@link Backend}: the CUDA emitter's source compiled
 * for the device's architecture (NVRTC or nvcc, through the disk cache); one program instance
 * is one thread block.
 */
public final class CudaBackend implements Backend {
  private final CudaRuntime runtime;
  private final CachingCudaCompiler compiler;
  private final DeviceInfo info;

  public CudaBackend(CudaRuntime runtime, CachingCudaCompiler compiler) {
    this.runtime = runtime;
    this.compiler = compiler;
    CudaDeviceInfo d = runtime.device();
    this.info = new DeviceInfo("cuda", d.name(), d.arch(), d.driverVersionString(), d.totalMemoryBytes(),
        d.multiprocessorCount());
  }

  /** Opens a device by index, or the first when the selector is null or blank. */
  public static CudaBackend open(String selector) {
    int index = 0;
    if (selector != null && !selector.isBlank()) {
      index = -1;
      List<CudaDeviceInfo> all = CudaDevices.list();
      if (selector.matches("\\d+")) {
        index = Integer.parseInt(selector);
      } else {
        for (CudaDeviceInfo d : all) {
          if (d.name().toLowerCase().contains(selector.toLowerCase())) {
            index = d.index();
            break;
          }
        }
      }
      if (index < 0 || index >= all.size()) {
        List<String> names = all.stream().map(d -> d.index() + ": " + d.name()).toList();
        throw new IllegalArgumentException("no CUDA device matches '" + selector + "'; available: " + names);
      }
    }
    return new CudaBackend(CudaRuntime.open(index), CudaCompilers.cached());
  }

  public CudaRuntime runtime() {
    return runtime;
  }

  @Override
  public String name() {
    return "cuda";
  }

  @Override
  public DeviceInfo device() {
    return info;
  }

  @Override
  public DeviceBuffer allocate(long bytes) {
    return new Buffer(runtime.allocate(Math.max(1, bytes)));
  }

  private static CudaBuffer cu(DeviceBuffer b) {
    if (b instanceof Buffer c) {
      return c.buffer;
    }
    throw new IllegalArgumentException("expected a buffer allocated by the CUDA backend, got " + b.getClass().getSimpleName());
  }

  @Override
  public void upload(DeviceBuffer dst, ByteBuffer src) {
    runtime.upload(cu(dst), src);
  }

  @Override
  public void download(DeviceBuffer src, ByteBuffer dst) {
    runtime.download(cu(src), dst);
  }

  @Override
  public long address(DeviceBuffer buffer) {
    return cu(buffer).address();
  }

  @Override
  public CompiledKernel compile(Kernel kernel, LaunchOptions options) {
    GeneratedKernel g = CudaEmitter.emit(kernel, options.codegen());
    CompiledCuda compiled = compiler.compile(g.source(), g.entryName(), CudaTarget.forDevice(runtime.device(), CudaOutputKind.CUBIN));
    CudaModule module = runtime.loadModule(compiled);
    return new Compiled(kernel, options, g, runtime.function(module, g.entryName()), compiled.fromCache());
  }

  private static List<Object> cuArgs(List<Object> args) {
    List<Object> out = new ArrayList<>(args.size());
    for (Object a : args) {
      out.add(a instanceof DeviceBuffer b ? cu(b) : a);
    }
    return out;
  }

  private static int[] grid3(int[] grid) {
    return new int[] {grid[0], grid.length > 1 ? grid[1] : 1, grid.length > 2 ? grid[2] : 1};
  }

  @Override
  public void launch(CompiledKernel kernel, int[] grid, List<Object> args) {
    launchPacked((Compiled) kernel, cuArgs(args), grid);
  }

  @Override
  public void synchronize() {
    runtime.synchronize();
  }

  @Override
  public double timeLaunch(CompiledKernel kernel, int[] grid, List<Object> args) {
    return timeLaunches(List.of(new Launch(kernel, grid, args)));
  }

  @Override
  public double timeLaunches(List<Launch> launches) {
    // the arguments are packed before the flush: the host's work between the timing events stays small
    List<List<?>> packed = launches.stream().<List<?>>map(l -> cuArgs(l.args())).toList();
    runtime.flushL2();
    return runtime.timeMillis(launches.size() + " kernel(s) from '" + ((Compiled) launches.get(0).kernel()).function.name()
        + "'", () -> {
          for (int i = 0; i < launches.size(); i++) {
            launchPacked((Compiled) launches.get(i).kernel(), packed.get(i), launches.get(i).grid());
          }
        }) * 1e-3;
  }

  /** Launches {@code c} with arguments already in JCuda's form, and the shared memory it declares. */
  private void launchPacked(Compiled c, List<?> packed, int[] grid) {
    runtime.launch(c.function, packed, grid3(grid), new int[] {c.generated.threadsPerProgram(), 1, 1},
        c.generated.launchSharedBytes());
  }

  /**
   * A 1 GiB (or a sixteenth of memory) device-to-device copy with {@code cuMemcpyDtoD}, the
   * copy PyTorch's {@code copy_} makes: median of 11 after an L2 flush each (read + write bytes).
   */
  @Override
  public double copyBandwidth() {
    long bytes = Math.min(1L << 30, info.memoryBytes() / 16) & ~0xffffL;
    try (CudaBuffer a = runtime.allocate(bytes); CudaBuffer b = runtime.allocate(bytes)) {
      runtime.memset(a, (byte) 1);
      double[] ms = new double[11];
      for (int i = 0; i < ms.length; i++) {
        runtime.flushL2();
        ms[i] = runtime.timeMillis("a device-to-device copy", () -> DriverCall.run("cuMemcpyDtoD",
            () -> "copying " + bytes + " bytes between device buffers",
            () -> JCudaDriver.cuMemcpyDtoD(b.pointer("copy"), a.pointer("copy"), bytes)));
      }
      Arrays.sort(ms);
      return 2.0 * bytes / (ms[ms.length / 2] * 1e-3);
    }
  }

  @Override
  public void close() {
    runtime.close();
  }

  private static final class Buffer implements DeviceBuffer {
    final CudaBuffer buffer;

    Buffer(CudaBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public long bytes() {
      return buffer.size();
    }

    @Override
    public void close() {
      buffer.close();
    }
  }

  private record Compiled(Kernel kernel, LaunchOptions options, GeneratedKernel generated, CudaFunction function,
      boolean fromCache) implements CompiledKernel {}
}
