package dev.kgen.runtime.cuda;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The output of compiling one CUDA source: PTX text or a cubin, the compiler's log (warnings
 * and, for cubins, ptxas's register and spill report), which compiler made it and whether it
 * came from the disk cache. The byte array is copied in and out, so a value never changes.
 */
public record CompiledCuda(
    String kernelName,
    CudaTarget target,
    byte[] bytes,
    String log,
    String compilerId,
    String compilerVersion,
    boolean fromCache) {

  public CompiledCuda {
    Objects.requireNonNull(kernelName, "kernelName");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(compilerId, "compilerId");
    Objects.requireNonNull(compilerVersion, "compilerVersion");
    if (bytes.length == 0) {
      throw new IllegalArgumentException(
          "compiled CUDA for kernel '" + kernelName + "' is empty: expected "
              + target.kind() + " output from " + compilerId);
    }
    bytes = bytes.clone();
  }

  /** A copy of the PTX text or cubin. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Whether this is PTX or a cubin. */
  public CudaOutputKind kind() {
    return target.kind();
  }

  /** The PTX text. */
  public String ptx() {
    if (kind() != CudaOutputKind.PTX) {
      throw new IllegalStateException(
          "kernel '" + kernelName + "' was compiled to " + kind() + ", not PTX");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** {@code nvcc 13.0.88}: the compiler id and version, for logs and cache keys. */
  public String compiler() {
    return compilerId + " " + compilerVersion;
  }

  /** The same output marked as coming (or not) from the cache. */
  public CompiledCuda withFromCache(boolean cached) {
    return new CompiledCuda(kernelName, target, bytes, log, compilerId, compilerVersion, cached);
  }

  /** Package-private: the bytes without a copy, for loading a module. */
  byte[] bytesUnsafe() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CompiledCuda c
        && kernelName.equals(c.kernelName)
        && target.equals(c.target)
        && Arrays.equals(bytes, c.bytes)
        && log.equals(c.log)
        && compilerId.equals(c.compilerId)
        && compilerVersion.equals(c.compilerVersion)
        && fromCache == c.fromCache;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        kernelName, target, Arrays.hashCode(bytes), log, compilerId, compilerVersion, fromCache);
  }

  @Override
  public String toString() {
    return "CompiledCuda[" + kernelName + ", " + target.arch() + " " + kind() + ", "
        + bytes.length + " bytes, " + compiler() + (fromCache ? ", cached" : "") + "]";
  }
}
