package dev.kgen.launch;

import java.nio.ByteBuffer;

/**
 * One OpenCL or CUDA device that runs build-time generated kernels: it holds buffers, builds a
 * specialization's source the first time it is launched (then reuses it), and launches.
 * Open one with {@link Devices#open(String)}.
 *
 * <p>Launches are asynchronous: a launch returns once queued. {@link #download} and {@link
 * #synchronize} wait for the work queued before them. A device may be shared between threads;
 * its calls are serialized.
 */
public interface Device extends AutoCloseable {
  /** {@code opencl} or {@code cuda}. */
  String platform();

  /** The device as its driver names it, e.g. {@code NVIDIA H100 80GB HBM3}. */
  String name();

  /** An uninitialized buffer of {@code bytes} bytes (at least 1). */
  Buffer allocate(long bytes);

  /** Copies the remaining bytes of {@code source} to the start of {@code target}; blocks. */
  void upload(Buffer target, ByteBuffer source);

  /** Fills the remaining bytes of {@code target} from the start of {@code source}; blocks. */
  void download(Buffer source, ByteBuffer target);

  /** A new buffer holding the remaining bytes of {@code source}. */
  default Buffer upload(ByteBuffer source) {
    Buffer b = allocate(Math.max(1, source.remaining()));
    upload(b, source);
    return b;
  }

  /** Builds the specialization now, if it was not built yet, instead of at its first launch. */
  void prepare(KernelSource kernel);

  /**
   * Queues {@code grid} programs of the specialization. {@code args} hold one value per kernel
   * parameter, in order: a {@link Buffer} of this device (or null for a pointer the
   * specialization never reads), or an {@link Integer}, {@link Long}, {@link Float} or {@link
   * Double} for a scalar. Generated launchers call this; they check the arguments first.
   */
  void launch(KernelSource kernel, Grid grid, Object... args);

  /** Waits until every queued launch and copy has finished. */
  void synchronize();

  /** Frees the device's buffers and built kernels. */
  @Override
  void close();
}
