package dev.kgen.launch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What every device does the same way: argument and state checks, the table of built kernels,
 * the buffers still alive and closing. Subclasses do the driver calls. Every public call is
 * synchronized on the device: a driver queue and a kernel's argument slots are not thread-safe.
 *
 * @param <K> a built specialization, ready to launch
 */
abstract class DeviceBase<K> implements Device {
  private final Map<KernelSource, K> built = new HashMap<>();
  private final Set<DeviceMemory> live = new LinkedHashSet<>();
  private volatile boolean closed;

  @Override
  public final synchronized Buffer allocate(long bytes) {
    ensureOpen();
    if (bytes < 1) {
      throw new IllegalArgumentException("allocate(" + bytes + "): a buffer holds at least 1 byte");
    }
    DeviceMemory b = newBuffer(bytes);
    live.add(b);
    return b;
  }

  @Override
  public final synchronized void upload(Buffer target, ByteBuffer source) {
    ensureOpen();
    Objects.requireNonNull(source, "source");
    DeviceMemory t = own(target, "upload target");
    if (source.remaining() > t.bytes()) {
      throw new IllegalArgumentException("upload of " + source.remaining() + " bytes into a buffer of " + t.bytes()
          + " bytes: the host buffer has more bytes remaining than the device buffer holds");
    }
    if (source.hasRemaining()) {
      copyIn(t, source);
    }
  }

  @Override
  public final synchronized void download(Buffer source, ByteBuffer target) {
    ensureOpen();
    Objects.requireNonNull(target, "target");
    DeviceMemory s = own(source, "download source");
    if (target.isReadOnly()) {
      throw new IllegalArgumentException("download into a read-only ByteBuffer; pass a writable one");
    }
    if (target.remaining() > s.bytes()) {
      throw new IllegalArgumentException("download of " + target.remaining() + " bytes from a buffer of " + s.bytes()
          + " bytes: limit the host buffer to " + s.bytes() + " bytes");
    }
    if (target.hasRemaining()) {
      copyOut(s, target);
    }
  }

  @Override
  public final synchronized void prepare(KernelSource kernel) {
    ensureOpen();
    built(Objects.requireNonNull(kernel, "kernel"));
  }

  @Override
  public final synchronized void launch(KernelSource kernel, Grid grid, Object... args) {
    ensureOpen();
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(grid, "grid");
    Objects.requireNonNull(args, "args");
    if (args.length != kernel.parameterCount()) {
      throw new IllegalArgumentException(kernel + " takes " + kernel.parameterCount() + " arguments, got " + args.length);
    }
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a instanceof Buffer b) {
        own(b, kernel + " argument " + i);
      } else if (a != null && !(a instanceof Integer || a instanceof Long || a instanceof Float || a instanceof Double)) {
        throw new IllegalArgumentException(kernel + " argument " + i + " is a " + a.getClass().getSimpleName()
            + "; expected a Buffer, Integer, Long, Float or Double");
      }
    }
    enqueue(built(kernel), kernel, grid, args);
  }

  @Override
  public final synchronized void synchronize() {
    ensureOpen();
    finish();
  }

  private K built(KernelSource kernel) {
    K k = built.get(kernel);
    if (k == null) {
      k = build(kernel);
      built.put(kernel, k);
    }
    return k;
  }

  private DeviceMemory own(Buffer b, String role) {
    Objects.requireNonNull(b, role);
    if (!(b instanceof DeviceMemory m) || m.owner() != this) {
      throw new IllegalArgumentException("the " + role + " belongs to " + b.device().platform() + " device '"
          + b.device().name() + "', not this " + platform() + " device '" + name() + "'");
    }
    if (m.isClosed()) {
      throw new IllegalArgumentException("the " + role + " was closed");
    }
    return m;
  }

  /** Called by a buffer's close. */
  final synchronized void free(DeviceMemory b) {
    if (live.remove(b) && !closed) {
      release(b);
    }
  }

  final boolean isOpen() {
    return !closed;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this " + platform() + " device '" + name() + "' was closed; open a new one");
    }
  }

  @Override
  public final synchronized void close() {
    if (closed) {
      return;
    }
    List<RuntimeException> failures = new ArrayList<>();
    attempt(failures, this::finish);
    for (DeviceMemory b : List.copyOf(live)) {
      attempt(failures, () -> release(b));
      b.markClosed();
    }
    live.clear();
    for (K k : built.values()) {
      attempt(failures, () -> releaseKernel(k));
    }
    built.clear();
    closed = true;
    attempt(failures, this::releaseDevice);
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  private static void attempt(List<RuntimeException> failures, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }

  @Override
  public String toString() {
    return platform() + " device '" + name() + "'" + (closed ? " (closed)" : "");
  }

  abstract DeviceMemory newBuffer(long bytes);

  abstract void copyIn(DeviceMemory target, ByteBuffer source);

  abstract void copyOut(DeviceMemory source, ByteBuffer target);

  abstract K build(KernelSource kernel);

  abstract void enqueue(K kernel, KernelSource source, Grid grid, Object[] args);

  abstract void finish();

  abstract void release(DeviceMemory buffer);

  abstract void releaseKernel(K kernel);

  abstract void releaseDevice();
}
