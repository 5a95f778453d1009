package dev.kgen.runtime.interp;

import dev.kgen.interp.Interpreter;
import dev.kgen.ir.Kernel;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.CompiledKernel;
import dev.kgen.runtime.DeviceBuffer;
import dev.kgen.runtime.DeviceInfo;
import dev.kgen.runtime.LaunchOptions;
import dev.kgen.runtime.HostBuffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The interpreter as a backend: slow, but the semantic oracle, and it needs nothing. */
public final class InterpreterBackend implements Backend {
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
    return new Compiled(kernel, options, new Interpreter(kernel));
  }

  @Override
  public void launch(CompiledKernel kernel, int[] grid, List<Object> args) {
    List<Object> plain = new ArrayList<>(args.size());
    for (Object a : args) {
      plain.add(a instanceof DeviceBuffer b ? HostBuffer.of(b).buffer() : a);
    }
    ((Compiled) kernel).interpreter.run(grid, plain);
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

  private record Compiled(Kernel kernel, LaunchOptions options, Interpreter interpreter) implements CompiledKernel {
    public boolean fromCache() {
      return true;
    }
  }
}
