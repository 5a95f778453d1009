package dev.kgen.runtime.cuda;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;
import jcuda.CudaException;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;
import jcuda.nvrtc.nvrtcResult;

/**
 * Compiles in-process with NVRTC through JCuda. JCuda 12.6's binding needs {@code
 * libnvrtc.so.12}; where only a newer NVRTC is installed it cannot load, which {@link
 * #isAvailable()} reports (once per process) instead of throwing.
 */
public final class NvrtcCompiler implements CudaCompiler {
  public static final String ID = "nvrtc";

  private static volatile Probe probe;

  private record Probe(Optional<String> version, Optional<String> reason) {}

  private final String version;

  private NvrtcCompiler(String version) {
    this.version = version;
  }

  /**
   * NVRTC, when it loads.
   *
   * @throws CudaToolkitNotFoundException with {@link #unavailableReason()} when it does not
   */
  public static NvrtcCompiler create() {
    Probe p = probe();
    return new NvrtcCompiler(p.version().orElseThrow(() -> new CudaToolkitNotFoundException(
        "NVRTC is not usable: " + p.reason().orElse("unknown reason")
            + "; use NvccCompiler instead (CudaCompilers.best() does so)")));
  }

  /** Whether JCuda's NVRTC binding and the NVRTC library it needs load in this process. */
  public static boolean isAvailable() {
    return probe().version().isPresent();
  }

  /** Why NVRTC did not load; empty when it did. */
  public static Optional<String> unavailableReason() {
    return probe().reason();
  }

  private static Probe probe() {
    Probe p = probe;
    if (p == null) {
      synchronized (NvrtcCompiler.class) {
        p = probe;
        if (p == null) {
          p = load();
          probe = p;
        }
      }
    }
    return p;
  }

  private static Probe load() {
    try {
      int[] major = new int[1];
      int[] minor = new int[1];
      int result = JNvrtc.nvrtcVersion(major, minor);
      if (result != nvrtcResult.NVRTC_SUCCESS) {
        return new Probe(Optional.empty(),
            Optional.of("nvrtcVersion failed with " + nvrtcResult.stringFor(result)));
      }
      return new Probe(Optional.of(major[0] + "." + minor[0]), Optional.empty());
    } catch (Throwable t) {
      // UnsatisfiedLinkError the first time, NoClassDefFoundError after: never fatal here.
      return new Probe(Optional.empty(), Optional.of("JCuda's NVRTC binding did not load ("
          + NativeLoadFailure.describe(t) + ")"));
    }
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String version() {
    return version;
  }

  /** NVRTC options for a target: PTX for the virtual arch, a cubin for the real one. */
  static List<String> options(CudaTarget target) {
    List<String> options = new ArrayList<>();
    String arch = target.kind() == CudaOutputKind.PTX ? target.virtualArch() : target.arch();
    options.add("--gpu-architecture=" + arch);
    options.add("--std=c++17");
    options.addAll(target.options());
    return options;
  }

  @Override
  public CompiledCuda compile(String source, String kernelName, CudaTarget target) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(kernelName, "kernelName");
    Objects.requireNonNull(target, "target");
    String what = "kernel '" + kernelName + "' for " + target.arch() + " " + target.kind();
    nvrtcProgram program = new nvrtcProgram();
    call("nvrtcCreateProgram", what, () -> JNvrtc.nvrtcCreateProgram(
        program, source, "kernel.cu", 0, null, null));
    try {
      List<String> options = options(target);
      int compiled;
      try {
        compiled = JNvrtc.nvrtcCompileProgram(
            program, options.size(), options.toArray(String[]::new));
      } catch (CudaException e) {
        compiled = nvrtcResult.NVRTC_ERROR_COMPILATION;
      }
      String log = log(program);
      if (compiled != nvrtcResult.NVRTC_SUCCESS) {
        throw new CudaCompileException("NVRTC " + version + " failed with "
            + nvrtcResult.stringFor(compiled) + " compiling " + what + " (options: "
            + String.join(" ", options) + ")", log, null);
      }
      byte[] bytes = target.kind() == CudaOutputKind.PTX ? ptx(program, what) : cubin(program, what);
      return new CompiledCuda(kernelName, target, bytes, log, ID, version, false);
    } finally {
      try {
        JNvrtc.nvrtcDestroyProgram(program);
      } catch (CudaException e) {
        // Only a leak; the compile result or its error is what the caller needs.
      }
    }
  }

  private static String log(nvrtcProgram program) {
    String[] log = new String[1];
    try {
      JNvrtc.nvrtcGetProgramLog(program, log);
    } catch (CudaException e) {
      return "[kgen: the NVRTC log could not be read: " + e.getMessage() + "]";
    }
    return log[0] == null ? "" : log[0].replace("\0", "");
  }

  private static byte[] ptx(nvrtcProgram program, String what) {
    String[] ptx = new String[1];
    call("nvrtcGetPTX", what, () -> JNvrtc.nvrtcGetPTX(program, ptx));
    return ptx[0].replace("\0", "").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] cubin(nvrtcProgram program, String what) {
    long[] size = new long[1];
    call("nvrtcGetCUBINSize", what, () -> JNvrtc.nvrtcGetCUBINSize(program, size));
    byte[] cubin = new byte[Math.toIntExact(size[0])];
    call("nvrtcGetCUBIN", what, () -> JNvrtc.nvrtcGetCUBIN(program, cubin));
    return cubin;
  }

  private static void call(String name, String what, IntSupplier body) {
    int result;
    try {
      result = body.getAsInt();
    } catch (CudaException e) {
      throw new CudaCompileException(
          name + " failed with " + e.getMessage() + " compiling " + what, "", e);
    }
    if (result != nvrtcResult.NVRTC_SUCCESS) {
      throw new CudaCompileException(
          name + " failed with " + nvrtcResult.stringFor(result) + " compiling " + what, "", null);
    }
  }
}
