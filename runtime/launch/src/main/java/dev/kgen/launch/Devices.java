package dev.kgen.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Opens the device generated launchers run on: {@code cuda}, {@code opencl} or {@code auto}
 * (CUDA when JCuda is on the class path and finds a GPU, else OpenCL).
 */
public final class Devices {
  /** The names {@link #open(String)} takes. */
  public static final List<String> NAMES = List.of("auto", "cuda", "opencl");

  private Devices() {}

  /**
   * The named device: {@code auto}, {@code cuda} (device 0), {@code cuda:N}, {@code opencl}
   * (the first GPU, else the first device) or {@code opencl:SELECTOR} (an index, or part of
   * {@code "<platform>: <device>"}).
   */
  public static Device open(String name) {
    String n = name == null ? "auto" : name.trim();
    String lower = n.toLowerCase(Locale.ROOT);
    if (lower.equals("auto")) {
      return cudaAvailable() ? cuda(0) : openCl(null);
    }
    if (lower.equals("cuda") || lower.startsWith("cuda:")) {
      String ordinal = lower.equals("cuda") ? "0" : n.substring("cuda:".length());
      if (!ordinal.matches("\\d+")) {
        throw new IllegalArgumentException("device '" + name + "': expected cuda:N with N a device number, e.g. cuda:0");
      }
      return cuda(Integer.parseInt(ordinal));
    }
    if (lower.equals("opencl") || lower.startsWith("opencl:")) {
      return openCl(lower.equals("opencl") ? null : n.substring("opencl:".length()));
    }
    throw new IllegalArgumentException("unknown device '" + name + "'; expected auto, cuda, cuda:N, opencl or opencl:SELECTOR");
  }

  /** An OpenCL device chosen by {@code selector} (null: the first GPU, else the first device). */
  public static Device openCl(String selector) {
    return openCl(selector, BinaryCache.defaultDirectory("opencl"));
  }

  /** Like {@link #openCl(String)}, caching built programs in {@code cacheDirectory}. */
  public static Device openCl(String selector, Path cacheDirectory) {
    return OpenClDevice.open(selector, cacheDirectory);
  }

  /** CUDA device {@code ordinal}; needs {@code org.jcuda:jcuda} on the class path. */
  public static Device cuda(int ordinal) {
    if (!jcudaPresent()) {
      throw new LaunchException("CUDA devices need JCuda: add the dependency org.jcuda:jcuda (12.6.0) to the program");
    }
    try {
      return CudaDevice.open(ordinal);
    } catch (LinkageError e) {
      throw new LaunchException("JCuda could not load the CUDA driver (" + e.getMessage()
          + "); install the NVIDIA driver, or use an OpenCL device", e);
    }
  }

  /** Whether a CUDA device can be opened: JCuda is present, loads, and the driver lists a GPU. */
  public static boolean cudaAvailable() {
    return jcudaPresent() && CudaDevice.available();
  }

  /** Whether any OpenCL platform lists a device; never throws. */
  public static boolean openClAvailable() {
    try {
      return !OpenClDeviceChoice.list().isEmpty();
    } catch (LaunchException | LinkageError e) {
      return false;
    }
  }

  private static boolean jcudaPresent() {
    try {
      Class.forName("jcuda.driver.JCudaDriver", false, Devices.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
