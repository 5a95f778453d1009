package dev.kgen.runtime;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What the backends that run on the CPU share: memory is the Java heap ({@link HostBuffer}),
 * launches are synchronous, and time is the wall clock. Subclasses compile and run programs
 * over plain {@link ByteBuffer}s.
 */
public abstract class HostBackend implements Backend {
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

  /** Runs the programs with every buffer argument replaced by its heap {@link ByteBuffer}. */
  protected abstract void launchOnHost(CompiledKernel kernel, int[] grid, List<Object> args);

  @Override
  public void launch(CompiledKernel kernel, int[] grid, List<Object> args) {
    List<Object> plain = new ArrayList<>(args.size());
    for (Object a : args) {
      plain.add(a instanceof DeviceBuffer b ? HostBuffer.of(b).buffer() : a);
    }
    launchOnHost(kernel, grid, plain);
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
}
