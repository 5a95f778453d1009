package dev.kgen.runtime.cuda;

/** Turns CUDA C++ source into PTX or a cubin. */
public interface CudaCompiler {
  /** A short stable id, e.g. {@code nvcc} or {@code nvrtc}; part of cache keys. */
  String id();

  /** The compiler's version, e.g. {@code 13.0.88}; part of cache keys. */
  String version();

  /**
   * Compiles {@code source}, which defines the kernel {@code kernelName}.
   *
   * @throws CudaCompileException with the compiler's full output when compilation fails
   */
  CompiledCuda compile(String source, String kernelName, CudaTarget target);
}
