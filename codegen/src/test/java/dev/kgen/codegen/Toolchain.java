package dev.kgen.codegen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds the external compilers tests use (nvcc, gcc with OpenCL) and runs commands. */
public final class Toolchain {
  private Toolchain() {}

  /** nvcc from $KGEN_NVCC, /usr/local/bin, /usr/local/cuda/bin or the PATH; null if none. */
  public static Path nvcc() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("KGEN_NVCC");
    if (env != null) {
      candidates.add(Path.of(env));
    }
    candidates.add(Path.of("/usr/local/bin/nvcc"));
    candidates.add(Path.of("/usr/local/cuda/bin/nvcc"));
    return firstExecutable(candidates, "nvcc");
  }

  /** ptxas from $CUDA_HOME/bin, /usr/local/cuda/bin or the PATH; null if none. */
  public static Path ptxas() {
    List<Path> candidates = new ArrayList<>();
    String home = System.getenv("CUDA_HOME");
    if (home != null) {
      candidates.add(Path.of(home, "bin", "ptxas"));
    }
    candidates.add(Path.of("/usr/local/cuda/bin/ptxas"));
    return firstExecutable(candidates, "ptxas");
  }

  /** libdevice (the CUDA math library as LLVM bitcode) of the toolkit ptxas comes from; null if none. */
  public static Path libdevice() {
    Path ptxas = ptxas();
    if (ptxas == null) {
      return null;
    }
    try {
      Path lib = ptxas.toRealPath().getParent().resolveSibling("nvvm").resolve("libdevice").resolve("libdevice.10.bc");
      return Files.exists(lib) ? lib : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * A clang that compiles OpenCL C to PTX ({@code -target nvptx64-nvidia-nvcl}), as NVIDIA's OpenCL
   * compiler does: $KGEN_CLANG, or clang-15 (which PoCL brings) or clang on the PATH; null if none.
   */
  public static Path clang() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("KGEN_CLANG");
    if (env != null) {
      candidates.add(Path.of(env));
    }
    candidates.add(Path.of("/usr/bin/clang-15"));
    return firstExecutable(candidates, "clang");
  }

  /** A C compiler for the OpenCL host harness, when OpenCL headers and a loader are installed. */
  public static Path openClHostCompiler() {
    if (!Files.exists(Path.of("/usr/include/CL/cl.h"))) {
      return null;
    }
    boolean loader = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libOpenCL.so"))
        || Files.exists(Path.of("/usr/lib/libOpenCL.so")) || Files.exists(Path.of("/usr/lib64/libOpenCL.so"));
    return loader ? firstExecutable(List.of(Path.of("/usr/bin/gcc"), Path.of("/usr/bin/cc")), "gcc") : null;
  }

  private static Path firstExecutable(List<Path> candidates, String onPath) {
    for (Path p : candidates) {
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, onPath);
      if (!dir.isEmpty() && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** The result of a command: exit status and combined output. */
  public record Result(int exitCode, String output) {}

  /** Runs {@code command} in {@code dir}, waiting up to {@code timeoutSeconds}. */
  public static Result run(Path dir, long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile("kgen-cmd", ".log");
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
      }
      return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
