package dev.kgen.runtime.cuda;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link CachingCudaCompilerProcessTest}: compiles the vector add with
 * nvcc through a disk cache in {@code args[0]} and prints what happened on one line.
 */
public final class CachedCompileMain {
  private CachedCompileMain() {}

  public static void main(String[] args) {
    NvccCompiler nvcc = NvccCompiler.find().orElseThrow(() -> new IllegalStateException(
        "nvcc not found by the child process"));
    CachingCudaCompiler compiler = new CachingCudaCompiler(nvcc, Path.of(args[0]));
    CompiledCuda c = compiler.compile(CudaSmokeMain.VECTOR_ADD, "vadd", CudaTarget.ptx("sm_90"));
    System.out.println("invocations=" + CachingCudaCompiler.totalInvocations()
        + " fromCache=" + c.fromCache()
        + " entry=" + c.ptx().contains(".entry vadd"));
  }
}
