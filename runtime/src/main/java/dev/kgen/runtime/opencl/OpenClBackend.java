package dev.kgen.runtime.opencl;

import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.codegen.c.CFamilyEmitter;
import dev.kgen.codegen.opencl.NvidiaOpenClEmitter;
import dev.kgen.codegen.opencl.OpenClEmitter;
import dev.kgen.ir.Kernel;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.CompiledKernel;
import dev.kgen.runtime.DeviceBuffer;
import dev.kgen.runtime.DeviceInfo;
import dev.kgen.runtime.LaunchOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OpenCL through JOCL as a {@link Backend}: the OpenCL C emitter's source, built (or taken
 * from the binary cache) for the chosen device; one program instance is one work-group. On
 * NVIDIA GPUs of compute capability 8.0 or later the source is {@link NvidiaOpenClEmitter}'s
 * (inline PTX: tensor cores and asynchronous copies) unless {@code $KGEN_OPENCL_PTX} is {@code
 * 0}, which keeps the portable dialect for comparison.
 */
public final class OpenClBackend implements Backend {
  private static final AtomicLong NEXT_ADDRESS = new AtomicLong(1L << 44);
  private final OpenClRuntime runtime;
  /** {@code $KGEN_OPENCL_PTX=0} keeps the portable dialect on NVIDIA GPUs. */
  static final String PTX_ENV = "KGEN_OPENCL_PTX";
  private final DeviceInfo info;
  /** The dialect kernels are generated in: NVIDIA's inline-PTX one, or the portable one. */
  private final CFamilyEmitter emitter;
  /** The options every program is built with (the PTX dialect's compute capability among them). */
  private final String buildOptions;
  /** The buffer {@link #flushL2} writes, allocated at the first timed launch on a GPU. */
  private OpenClBuffer flush;

  public OpenClBackend(OpenClRuntime runtime) {
    this.runtime = runtime;
    OpenClDeviceInfo d = runtime.device();
    this.info = new DeviceInfo("opencl", d.deviceName(), d.version(), d.driverVersion(), d.globalMemBytes(), d.computeUnits());
    int ptxTarget = ptxTarget(d.nvidiaComputeCapability(), System.getenv(PTX_ENV));
    this.emitter = ptxTarget > 0 ? NvidiaOpenClEmitter.dialect() : OpenClEmitter.dialect();
    this.buildOptions = "-cl-std=CL1.2" + (ptxTarget > 0 ? " " + NvidiaOpenClEmitter.buildOption(ptxTarget) : "");
  }

  /** The compute capability to generate PTX for: sm_80 or later unless {@code env} is "0"; else 0. */
  static int ptxTarget(int computeCapability, String env) {
    return computeCapability >= 80 && !"0".equals(env == null ? null : env.trim()) ? computeCapability : 0;
  }

  /** Opens the device a selector names (null: $KGEN_OPENCL_DEVICE, else the first GPU, else the first device). */
  public static OpenClBackend open(String selector) {
    return new OpenClBackend(OpenClRuntime.builder().deviceSelector(selector).open());
  }

  public OpenClRuntime runtime() {
    return runtime;
  }

  @Override
  public String name() {
    return "opencl";
  }

  @Override
  public String dialect() {
    return emitter == NvidiaOpenClEmitter.dialect() ? "opencl-nvidia" : "opencl";
  }

  @Override
  public DeviceInfo device() {
    return info;
  }

  @Override
  public DeviceBuffer allocate(long bytes) {
    OpenClBuffer b = runtime.allocate(Math.max(1, bytes));
    return new ClBuffer(b, NEXT_ADDRESS.getAndAdd(((bytes + 255) / 256 + 1) * 256));
  }

  private static ClBuffer cl(DeviceBuffer b) {
    if (b instanceof ClBuffer c) {
      return c;
    }
    throw new IllegalArgumentException("expected a buffer allocated by the OpenCL backend, got " + b.getClass().getSimpleName());
  }

  @Override
  public void upload(DeviceBuffer dst, ByteBuffer src) {
    runtime.upload(src, cl(dst).buffer);
  }

  @Override
  public void download(DeviceBuffer src, ByteBuffer dst) {
    runtime.download(cl(src).buffer, dst);
  }

  /** OpenCL 1.2 has no device addresses: a stable synthetic one, translated back on the device. */
  @Override
  public long address(DeviceBuffer buffer) {
    return cl(buffer).address;
  }

  @Override
  public CompiledKernel compile(Kernel kernel, LaunchOptions options) {
    GeneratedKernel g = emitter.generate(kernel, options.codegen());
    OpenClProgram program = runtime.build(g.source(), buildOptions);
    return new Compiled(kernel, options, g, runtime.kernel(program, g.entryName()), program.fromCache());
  }

  private static List<Object> clArgs(List<Object> args) {
    List<Object> out = new ArrayList<>(args.size());
    for (Object a : args) {
      out.add(a instanceof DeviceBuffer b ? cl(b).buffer : a);
    }
    return out;
  }

  private static long[][] sizes(Compiled c, int[] grid) {
    int t = c.generated.threadsPerProgram();
    long[] global = {(long) grid[0] * t, grid.length > 1 ? grid[1] : 1, grid.length > 2 ? grid[2] : 1};
    return new long[][] {global, {t, 1, 1}};
  }

  @Override
  public void launch(CompiledKernel kernel, int[] grid, List<Object> args) {
    Compiled c = (Compiled) kernel;
    long[][] s = sizes(c, grid);
    runtime.launch(c.clKernel, clArgs(args), s[0], s[1]);
  }

  @Override
  public void synchronize() {
    runtime.finish();
  }

  /**
   * Times one launch after writing {@link #L2_FLUSH_BYTES} on a GPU, as the CUDA backend and
   * {@code triton.testing.do_bench} do, so that no launch finds the last one's data in the L2.
   */
  @Override
  public double timeLaunch(CompiledKernel kernel, int[] grid, List<Object> args) {
    Compiled c = (Compiled) kernel;
    long[][] s = sizes(c, grid);
    flushL2();
    return runtime.launchTimed(c.clKernel, clArgs(args), s[0], s[1]) * 1e-9;
  }

  /** The launches in turn after one flush, from the first's start to the last's end. */
  @Override
  public double timeLaunches(List<Launch> launches) {
    List<OpenClRuntime.Launch> cl = new ArrayList<>();
    for (Launch l : launches) {
      Compiled c = (Compiled) l.kernel();
      long[][] s = sizes(c, l.grid());
      cl.add(new OpenClRuntime.Launch(c.clKernel, clArgs(l.args()), s[0], s[1]));
    }
    flushL2();
    return runtime.launchAllTimed(cl) * 1e-9;
  }

  /** Bytes written before each timed launch on a GPU: what {@code triton.testing.do_bench} zeroes. */
  static final long L2_FLUSH_BYTES = 256L << 20;

  private void flushL2() {
    if (runtime.device().type() != OpenClDeviceInfo.Type.GPU) {
      return; // a CPU's caches are not flushed (PoCL in CI)
    }
    if (flush == null) {
      flush = runtime.allocate(bufferBytes(L2_FLUSH_BYTES));
    }
    runtime.fill(flush, (byte) 0);
  }

  /**
   * {@code wanted} bytes, or the device's largest buffer where that is smaller (OpenCL guarantees
   * only a quarter of its memory), in whole 64 KiB.
   */
  private long bufferBytes(long wanted) {
    return Math.max(64L << 10, Math.min(wanted, runtime.device().maxAllocBytes()) & ~0xffffL);
  }

  /**
   * The driver's device-to-device copy ({@code clEnqueueCopyBuffer}) of up to 1 GiB, median of
   * 11, as the CUDA backend measures {@code cuMemcpyDtoD}: the same ceiling for both backends.
   */
  @Override
  public double copyBandwidth() {
    // 1 GiB on a GPU as CUDA's, 256 MiB elsewhere (PoCL's buffers are host memory)
    long cap = runtime.device().type() == OpenClDeviceInfo.Type.GPU ? 1L << 30 : 256L << 20;
    long bytes = bufferBytes(Math.min(cap, Math.max(16L << 20, info.memoryBytes() / 16)));
    try (OpenClBuffer a = runtime.allocate(bytes); OpenClBuffer b = runtime.allocate(bytes)) {
      runtime.fill(a, (byte) 1);
      long[] ns = new long[11];
      for (int i = 0; i < ns.length; i++) {
        flushL2();
        ns[i] = runtime.copyTimed(a, b, bytes);
      }
      Arrays.sort(ns);
      return 2.0 * bytes / (ns[ns.length / 2] * 1e-9);
    }
  }

  @Override
  public void close() {
    try {
      if (flush != null) {
        flush.close();
      }
    } finally {
      runtime.close();
    }
  }

  private static final class ClBuffer implements DeviceBuffer {
    final OpenClBuffer buffer;
    final long address;

    ClBuffer(OpenClBuffer buffer, long address) {
      this.buffer = buffer;
      this.address = address;
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

  private record Compiled(Kernel kernel, LaunchOptions options, GeneratedKernel generated, OpenClKernel clKernel,
      boolean fromCache) implements CompiledKernel {}
}
