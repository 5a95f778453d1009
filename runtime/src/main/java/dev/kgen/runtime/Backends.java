package dev.kgen.runtime;

import dev.kgen.errors.KgenUserException;
import dev.kgen.runtime.cuda.CudaBackend;
import dev.kgen.runtime.cuda.CudaDevices;
import dev.kgen.runtime.interp.InterpreterBackend;
import dev.kgen.runtime.jvm.JvmBackend;
import dev.kgen.runtime.opencl.OpenClBackend;
import dev.kgen.runtime.opencl.OpenClDevices;
import java.util.List;
import java.util.function.Consumer;

/** Opens a backend by name: {@code cuda}, {@code opencl}, {@code jvm}, {@code interpreter} or {@code auto}. */
public final class Backends {
  public static final List<String> NAMES = List.of("auto", "cuda", "opencl", "jvm", "interpreter");

  private Backends() {}

  /**
   * Opens the named backend on the device a selector names (null: the default device).
   * {@code auto} takes CUDA when a GPU is found, else OpenCL when any device is found, else the
   * JVM backend, telling {@code notice} in one line why it fell back. Before OpenCL opens in a
   * JVM without signal chaining, {@code notice} gets {@link SignalChaining}'s warning.
   */
  public static Backend open(String name, String deviceSelector, Consumer<String> notice) {
    String n = name == null ? "auto" : name.toLowerCase();
    switch (n) {
      case "cuda":
        if (!CudaDevices.available()) {
          throw new KgenUserException("backend cuda: no CUDA device (" + CudaDevices.unavailableReason().orElse("none found")
              + "); use --backend opencl, jvm or auto");
        }
        return CudaBackend.open(deviceSelector);
      case "opencl":
        if (OpenClDevices.list().isEmpty()) {
          throw new KgenUserException("backend opencl: no OpenCL device ("
              + OpenClDevices.unavailableReason().orElse("no platform lists one")
              + "); install an OpenCL driver such as pocl-opencl-icd, or use --backend jvm");
        }
        return openOpenCl(deviceSelector, notice);
      case "jvm":
        requireOnlyDevice(n, deviceSelector);
        return JvmBackend.create();
      case "interpreter":
        requireOnlyDevice(n, deviceSelector);
        return new InterpreterBackend();
      case "auto":
        if (CudaDevices.available()) {
          return CudaBackend.open(deviceSelector);
        }
        if (!OpenClDevices.list().isEmpty()) {
          return openOpenCl(deviceSelector, notice);
        }
        if (deviceSelector != null) {
          throw new KgenUserException("no CUDA or OpenCL device found, so none matches device '" + deviceSelector
              + "'; leave the device out to run on the JVM backend");
        }
        notice.accept("no CUDA or OpenCL device found; using the JVM backend");
        return JvmBackend.create();
      default:
        throw new KgenUserException("unknown backend '" + name + "': expected one of " + String.join(", ", NAMES));
    }
  }

  /** The JVM and the interpreter are one device each: index 0, or none named. */
  private static void requireOnlyDevice(String backend, String deviceSelector) {
    if (deviceSelector != null && !deviceSelector.equals("0")) {
      throw new KgenUserException("backend " + backend + " has one device, 0; device '" + deviceSelector
          + "' names none (leave the device out, or pick a cuda or opencl backend)");
    }
  }

  private static Backend openOpenCl(String deviceSelector, Consumer<String> notice) {
    SignalChaining.warningBeforeOpenCl().ifPresent(notice);
    return OpenClBackend.open(deviceSelector);
  }
}
