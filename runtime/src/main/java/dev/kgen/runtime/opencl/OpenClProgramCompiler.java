package dev.kgen.runtime.opencl;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

/**
 * Builds programs for one device: from a cached binary when one exists and the driver accepts
 * it, else from source, storing the new binary for next time.
 */
final class OpenClProgramCompiler {
  private static final System.Logger LOG = System.getLogger(OpenClProgramCompiler.class.getName());
  private static final AtomicLong TOTAL_SOURCE_COMPILATIONS = new AtomicLong();

  /** A built program and how it came to be. */
  record Built(cl_program program, String key, boolean fromCache, String log, List<String> kernelNames) {}

  private final cl_context context;
  private final cl_device_id device;
  private final OpenClDeviceInfo info;
  private final OpenClBinaryCache cache;
  private final AtomicLong sourceCompilations = new AtomicLong();

  OpenClProgramCompiler(cl_context context, cl_device_id device, OpenClDeviceInfo info, OpenClBinaryCache cache) {
    this.context = context;
    this.device = device;
    this.info = info;
    this.cache = cache;
  }

  static long totalSourceCompilations() {
    return TOTAL_SOURCE_COMPILATIONS.get();
  }

  long sourceCompilations() {
    return sourceCompilations.get();
  }

  Built build(String source, String options) {
    String key = OpenClBinaryCache.key(source, options, info);
    Optional<byte[]> binary = cache.load(key);
    if (binary.isPresent()) {
      try {
        cl_program program = fromBinary(binary.get(), options);
        return new Built(program, key, true, safeBuildLog(program), kernelNames(program));
      } catch (OpenClException e) {
        LOG.log(Level.INFO, "cached OpenCL binary " + cache.pathOf(key) + " was rejected, compiling from source: " + e.getMessage());
      }
    }
    cl_program program = fromSource(source, options);
    storeBinary(key, program);
    return new Built(program, key, false, safeBuildLog(program), kernelNames(program));
  }

  private cl_program fromSource(String source, String options) {
    int[] err = new int[1];
    cl_program program = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, err);
    OpenClCalls.check(err[0], "clCreateProgramWithSource", () -> "creating a program from " + describe(source, options));
    sourceCompilations.incrementAndGet();
    TOTAL_SOURCE_COMPILATIONS.incrementAndGet();
    int code = CL.clBuildProgram(program, 1, new cl_device_id[] {device}, options, null, null);
    if (code != CL.CL_SUCCESS) {
      String log = safeBuildLog(program);
      CL.clReleaseProgram(program);
      throw new OpenClBuildException("clBuildProgram", code, "compiling " + describe(source, options), log);
    }
    return program;
  }

  private cl_program fromBinary(byte[] binary, String options) {
    int[] err = new int[1];
    int[] status = new int[1];
    cl_program program =
        CL.clCreateProgramWithBinary(
            context, 1, new cl_device_id[] {device}, new long[] {binary.length}, new byte[][] {binary}, status, err);
    OpenClCalls.check(err[0], "clCreateProgramWithBinary", () -> "loading a cached binary of " + binary.length + " bytes");
    try {
      OpenClCalls.check(status[0], "clCreateProgramWithBinary", () -> "checking the binary status of a cached binary");
      OpenClCalls.check(
          CL.clBuildProgram(program, 1, new cl_device_id[] {device}, options, null, null),
          "clBuildProgram",
          () -> "building a program from a cached binary");
      return program;
    } catch (OpenClException e) {
      CL.clReleaseProgram(program);
      throw e;
    }
  }

  /** Fetches the device binary and caches it; a driver without binaries only loses the cache. */
  private void storeBinary(String key, cl_program program) {
    try {
      long[] sizes = new long[1];
      OpenClCalls.check(
          CL.clGetProgramInfo(program, CL.CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(sizes), null),
          "clGetProgramInfo",
          () -> "reading the program binary size");
      if (sizes[0] <= 0) {
        LOG.log(Level.DEBUG, "the OpenCL driver returned no program binary; not caching " + key);
        return;
      }
      byte[] binary = new byte[Math.toIntExact(sizes[0])];
      OpenClCalls.check(
          CL.clGetProgramInfo(program, CL.CL_PROGRAM_BINARIES, Sizeof.POINTER, Pointer.to(new Pointer[] {Pointer.to(binary)}), null),
          "clGetProgramInfo",
          () -> "reading the program binary");
      cache.store(key, binary);
    } catch (OpenClException e) {
      LOG.log(Level.WARNING, "not caching the OpenCL binary " + key + ": " + e.getMessage());
    }
  }

  private List<String> kernelNames(cl_program program) {
    try {
      String names = OpenClInfoQueries.programString(program, CL.CL_PROGRAM_KERNEL_NAMES, "the kernel names");
      return Arrays.stream(names.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    } catch (OpenClException e) {
      return List.of(); // OpenCL 1.1 drivers lack CL_PROGRAM_KERNEL_NAMES
    }
  }

  private String safeBuildLog(cl_program program) {
    try {
      return OpenClInfoQueries.buildLog(program, device);
    } catch (OpenClException e) {
      return "(the build log could not be read: " + e.getMessage() + ")";
    }
  }

  private String describe(String source, String options) {
    long lines = source.lines().count();
    return "OpenCL C source (" + lines + " lines, options \"" + options + "\") for " + info.label();
  }
}
