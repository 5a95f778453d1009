package dev.kgen.runtime.interp;

import dev.kgen.interp.Interpreter;
import dev.kgen.ir.Kernel;
import dev.kgen.runtime.HostBackend;
import dev.kgen.runtime.CompiledKernel;
import dev.kgen.runtime.DeviceInfo;
import dev.kgen.runtime.LaunchOptions;
import java.util.List;

/** The interpreter as a backend: slow, but the semantic oracle, and it needs nothing. */
public final class InterpreterBackend extends HostBackend {
  private static final DeviceInfo DEVICE = new DeviceInfo("interpreter", "kgen IR interpreter",
      "java " + System.getProperty("java.specification.version"), "-", Runtime.getRuntime().maxMemory(),
      Runtime.getRuntime().availableProcessors());

  @Override
  public String name() {
    return "interpreter";
  }

  @Override
  public DeviceInfo device() {
    return DEVICE;
  }

  @Override
  public CompiledKernel compile(Kernel kernel, LaunchOptions options) {
    return new Compiled(kernel, options, new Interpreter(kernel));
  }

  @Override
  protected void launchOnHost(CompiledKernel kernel, int[] grid, List<Object> args) {
    ((Compiled) kernel).interpreter.run(grid, args);
  }

  private record Compiled(Kernel kernel, LaunchOptions options, Interpreter interpreter) implements CompiledKernel {
    public boolean fromCache() {
      return true;
    }
  }
}
