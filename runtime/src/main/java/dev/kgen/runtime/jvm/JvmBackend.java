package dev.kgen.runtime.jvm;

import dev.kgen.ir.Kernel;
import dev.kgen.runtime.HostBackend;
import dev.kgen.runtime.CompiledKernel;
import dev.kgen.runtime.DeviceInfo;
import dev.kgen.runtime.LaunchOptions;
import java.util.List;

/**
 * Generated Java as a {@link dev.kgen.runtime.Backend}: each specialization becomes a class compiled in-process
 * (or loaded from the disk cache), and program instances run in parallel on a thread pool.
 * Needs nothing but a JDK.
 */
public final class JvmBackend extends HostBackend {
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
  public CompiledKernel compile(Kernel kernel, LaunchOptions options) {
    int before = JvmCompiler.compilations();
    JvmKernel k = JvmKernel.compile(kernel);
    return new Compiled(kernel, options, k, JvmCompiler.compilations() == before);
  }

  @Override
  protected void launchOnHost(CompiledKernel kernel, int[] grid, List<Object> args) {
    Compiled c = (Compiled) kernel;
    c.jvm.launch(grid, args, new JvmLaunchOptions(c.options.parallelism(), c.options.programsPerTask()));
  }

  private record Compiled(Kernel kernel, LaunchOptions options, JvmKernel jvm, boolean fromCache) implements CompiledKernel {}
}
