package dev.kgen.runtime;

import dev.kgen.ir.Kernel;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A place kernels run: CUDA through JCuda, OpenCL through JOCL, generated Java on a thread
 * pool, or the interpreter. User code picks one by a value ({@link Backends#open}) and
 * otherwise uses this one interface.
 */
public interface Backend extends AutoCloseable {
  /** {@code cuda}, {@code opencl}, {@code jvm} or {@code interpreter}. */
  String name();

  /**
   * The dialect its kernels are generated in, which picks configuration defaults: the name, or
   * {@code opencl-nvidia} for OpenCL C with NVIDIA's inline PTX (tensor cores and asynchronous
   * copies, as CUDA has them).
   */
  default String dialect() {
    return name();
  }

  DeviceInfo device();

  DeviceBuffer allocate(long bytes);

  void upload(DeviceBuffer dst, ByteBuffer src);

  void download(DeviceBuffer src, ByteBuffer dst);

  /**
   * The buffer's address as the device sees it (for tables of raw pointers such as a block
   * table given as pointers). Backends without raw addresses return a stable synthetic one.
   */
  long address(DeviceBuffer buffer);

  CompiledKernel compile(Kernel kernel, LaunchOptions options);

  /**
   * Runs the kernel's programs over {@code grid} (up to 3 axes). {@code args} follow
   * {@link Kernel#params()}: a {@link DeviceBuffer} (or null for a pointer never read) per
   * pointer, a {@link Number} per scalar.
   */
  void launch(CompiledKernel kernel, int[] grid, List<Object> args);

  /** Waits for all launched work to finish. */
  void synchronize();

  /**
   * Seconds one launch takes, measured by the device's own clock where it has one (CUDA
   * events, OpenCL profiling), after flushing caches the device has (the L2 of a GPU).
   */
  double timeLaunch(CompiledKernel kernel, int[] grid, List<Object> args);

  /** One launch of {@link #timeLaunches}. */
  record Launch(CompiledKernel kernel, int[] grid, List<Object> args) {}

  /**
   * Seconds from the start of the first of {@code launches} to the end of the last, after one
   * cache flush, as a caller sees a call that launches them in turn (split-KV's pass and
   * reduce). By default the sum of each one's {@link #timeLaunch}.
   */
  default double timeLaunches(List<Launch> launches) {
    return launches.stream().mapToDouble(l -> timeLaunch(l.kernel(), l.grid(), l.args())).sum();
  }

  /** Device-to-device copy bandwidth in bytes per second (read + write), for rooflines. */
  double copyBandwidth();

  @Override
  void close();

  /** Uploads a host buffer into a new device buffer. */
  default DeviceBuffer upload(ByteBuffer src) {
    DeviceBuffer b = allocate(Math.max(1, src.capacity()));
    upload(b, src);
    return b;
  }
}
