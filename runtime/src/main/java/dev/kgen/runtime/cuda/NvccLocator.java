package dev.kgen.runtime.cuda;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds nvcc, in this order: {@code $KGEN_NVCC} (the executable itself), each directory of
 * {@code $PATH}, {@code $CUDA_HOME/bin}, then {@code /usr/local/cuda/bin}. The environment is a
 * parameter so tests can describe machines other than this one.
 */
public final class NvccLocator {
  public static final String KGEN_NVCC = "KGEN_NVCC";
  public static final String CUDA_HOME = "CUDA_HOME";
  static final Path DEFAULT_CUDA_BIN = Paths.get("/usr/local/cuda/bin");

  private NvccLocator() {}

  /** nvcc for this process's environment. */
  public static Optional<Path> find() {
    return find(System.getenv());
  }

  /** nvcc for the given environment: the first executable candidate. */
  public static Optional<Path> find(Map<String, String> env) {
    for (Path candidate : candidates(env)) {
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Every place {@link #find(Map)} looks, in order; for error messages. */
  public static List<Path> candidates(Map<String, String> env) {
    List<Path> out = new ArrayList<>();
    String explicit = env.get(KGEN_NVCC);
    if (explicit != null && !explicit.isBlank()) {
      addIfValid(out, explicit.strip(), null);
    }
    String path = env.get("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          addIfValid(out, dir, "nvcc");
        }
      }
    }
    String cudaHome = env.get(CUDA_HOME);
    if (cudaHome != null && !cudaHome.isBlank()) {
      addIfValid(out, cudaHome.strip(), "bin/nvcc");
    }
    out.add(DEFAULT_CUDA_BIN.resolve("nvcc"));
    return out;
  }

  private static void addIfValid(List<Path> out, String base, String child) {
    try {
      Path p = Paths.get(base);
      out.add(child == null ? p : p.resolve(child));
    } catch (InvalidPathException e) {
      // A malformed entry in PATH is skipped, as a shell would.
    }
  }
}
