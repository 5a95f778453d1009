package dev.kgen.runtime.jvm;

import dev.kgen.ir.Kernel;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.CompiledKernel;
import dev.kgen.runtime.DeviceBuffer;
import dev.kgen.runtime.DeviceInfo;
import dev.kgen.runtime.HostBuffer;
import dev.kgen.runtime.LaunchOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated Java as a {@link Backend}: each specialization becomes a class compiled in-process
 * (or loaded from the disk cache), and program instances run in parallel on a thread pool.
 * Needs nothing but a JDK.
 */
public final class JvmBackend implements Backend {
  private final DeviceInfo info;

  private JvmBackend() {
    Runtime rt = Runtime.getRuntime();
    this.info = new DeviceInfo("jvm", System.getProperty("java.vm.name") + " on " + rt.availableProcessors() + " cores",
        "java " + System.getProperty("java.specification.version"), System.getProperty("java.vm.version"),
        rt.maxMemory(), rt.availableProcessors());
  }

  public static JvmBackend create() {
    return new JvmBackend();
  }

  /** Whether this Java runtime has the compiler the backend needs (a JDK, not a trimmed JRE). */
  public static boolean compilerPresent() {
    return ModuleLayer.boot().findModule("jdk.compiler").isPresent();
  }

  @Override
  public String name() {
    return "jvm";
  }

  @Override
  public DeviceInfo device() {
    return info;
  }

  @Override
  public DeviceBuffer allocate(long bytes) {
    return new HostBuffer(bytes);
  }

  @Override
  public void upload(DeviceBuffer dst, ByteBuffer src) {
    HostBuffer.of(dst).copyFrom(src);
  }

  @Override
  public void download(DeviceBuffer src, ByteBuffer dst) {
    HostBuffer.of(src).copyTo(dst);
  }

  @Override
  public long address(DeviceBuffer buffer) {
    return HostBuffer.of(buffer).syntheticAddress();
  }

  @Override
  public CompiledKernel compile(Kernel kernel, LaunchOptions options) {
    int before = JvmCompiler.compilations();
    JvmKernel k = JvmKernel.compile(kernel);
    return new Compiled(kernel, options, k, JvmCompiler.compilations() == before);
  }

  @Override
  public void launch(CompiledKernel kernel, int[] grid, List<Object> args) {
    Compiled c = (Compiled) kernel;
    List<Object> plain = new ArrayList<>(args.size());
    for (Object a : args) {
      plain.add(a instanceof DeviceBuffer b ? HostBuffer.of(b).buffer() : a);
    }
    c.jvm.launch(grid, plain, new JvmLaunchOptions(c.options.parallelism(), c.options.programsPerTask()));
  }

  @Override
  public void synchronize() {}

  @Override
  public double timeLaunch(CompiledKernel kernel, int[] grid, List<Object> args) {
    long t0 = System.nanoTime();
    launch(kernel, grid, args);
    return (System.nanoTime() - t0) * 1e-9;
  }

  @Override
  public double copyBandwidth() {
    return HostBuffer.measureCopyBandwidth();
  }

  @Override
  public void close() {}

  private record Compiled(Kernel kernel, LaunchOptions options, JvmKernel jvm, boolean fromCache) implements CompiledKernel {}
}
