package dev.kgen.launch;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compiles a specialization's {@code .cu} resource to PTX with {@code nvcc}, for machines where
 * JCuda's NVRTC cannot load (a CUDA 13 toolkit has {@code libnvrtc.so.13}, JCuda 12.6 wants
 * {@code .so.12}). Looks in {@code $KGEN_NVCC}, the {@code PATH}, {@code $CUDA_HOME/bin} and
 * {@code /usr/local/cuda/bin}.
 */
final class NvccPtxCompiler {
  private NvccPtxCompiler() {}

  static List<Path> candidates() {
    List<Path> out = new ArrayList<>();
    String explicit = System.getenv("KGEN_NVCC");
    if (explicit != null && !explicit.isBlank()) {
      out.add(Path.of(explicit));
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          out.add(Path.of(dir, "nvcc"));
        }
      }
    }
    String home = System.getenv("CUDA_HOME");
    if (home != null && !home.isBlank()) {
      out.add(Path.of(home, "bin", "nvcc"));
    }
    out.add(Path.of("/usr/local/cuda/bin/nvcc"));
    return out;
  }

  static String ptx(KernelSource k, String computeArch) {
    Path nvcc = candidates().stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new LaunchException(
        k + ": neither NVRTC nor nvcc is available to compile " + k.resourcePath("cu") + "; install the CUDA toolkit, set"
            + " KGEN_NVCC or CUDA_HOME, or ship precompiled PTX as " + k.resourcePath("ptx")));
    Path dir = null;
    try {
      dir = Files.createTempDirectory("kgen-launch-nvcc");
      Path in = dir.resolve("kernel.cu");
      Path out = dir.resolve("kernel.ptx");
      Files.writeString(in, k.require("cu"));
      Process p = new ProcessBuilder(nvcc.toString(), "-std=c++17", "-O3", "--ptx", "-arch=" + computeArch,
          "-o", out.toString(), in.toString()).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new LaunchException("nvcc rejected " + k.resourcePath("cu") + " for " + computeArch + "; output:\n" + log);
      }
      return Files.readString(out);
    } catch (IOException e) {
      throw new LaunchException("running " + nvcc + " on " + k.resourcePath("cu") + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("interrupted while nvcc compiled " + k.resourcePath("cu"), e);
    } finally {
      if (dir != null) {
        try (var files = Files.list(dir)) {
          for (Path f : files.toList()) {
            Files.deleteIfExists(f);
          }
          Files.deleteIfExists(dir);
        } catch (IOException ignored) {
          // a leftover temporary directory is harmless
        }
      }
    }
  }
}
