package dev.kgen.runtime.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compiles with the nvcc executable in a private temporary directory:
 * {@code nvcc -std=c++17 -O3 --ptx|--cubin -arch=sm_XX [-Xptxas -v] [options] -o out in.cu}.
 * The log is nvcc's merged output; for cubins it includes ptxas's register and spill report.
 */
public final class NvccCompiler implements CudaCompiler {
  public static final String ID = "nvcc";
  private static final long TIMEOUT_SECONDS = 600;
  private static final Pattern VERSION = Pattern.compile("release [0-9.]+, V([0-9][0-9.]*)");

  private final Path nvcc;
  private volatile String version;

  public NvccCompiler(Path nvcc) {
    this.nvcc = Objects.requireNonNull(nvcc, "nvcc");
  }

  /** nvcc as {@link NvccLocator#find()} finds it, if anywhere. */
  public static Optional<NvccCompiler> find() {
    return find(System.getenv());
  }

  /** nvcc as {@link NvccLocator#find(Map)} finds it in the given environment, if anywhere. */
  public static Optional<NvccCompiler> find(Map<String, String> env) {
    return NvccLocator.find(env).map(NvccCompiler::new);
  }

  /** The nvcc executable this compiler runs. */
  public Path executable() {
    return nvcc;
  }

  @Override
  public String id() {
    return ID;
  }

  /**
   * The version from {@code nvcc --version}, e.g. {@code 13.0.88}; run once and remembered.
   *
   * @throws CudaCompileException when nvcc cannot be run or its output has no version
   */
  @Override
  public String version() {
    String v = version;
    if (v == null) {
      ProcessResult result;
      try {
        result = ProcessResult.run(List.of(nvcc.toString(), "--version"), null, 60);
      } catch (IOException e) {
        throw new CudaCompileException(
            "cannot run " + nvcc + " --version: " + e.getMessage(), "", e);
      }
      v = parseVersion(result.output()).orElseThrow(() -> new CudaCompileException(
          nvcc + " --version (exit code " + result.exitCode() + ") printed no "
              + "'release X.Y, VX.Y.Z' line; expected the output of NVIDIA's nvcc",
          result.output(), null));
      version = v;
    }
    return v;
  }

  /** Parses {@code Cuda compilation tools, release 13.0, V13.0.88} into {@code 13.0.88}. */
  static Optional<String> parseVersion(String nvccVersionOutput) {
    Matcher m = VERSION.matcher(nvccVersionOutput);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The nvcc command line for a target, input and output file name. */
  List<String> command(CudaTarget target, String input, String output) {
    List<String> cmd = new ArrayList<>();
    cmd.add(nvcc.toString());
    cmd.add("-std=c++17");
    cmd.add("-O3");
    cmd.add(target.kind().nvccFlag());
    cmd.add("-arch=" + target.arch());
    if (target.kind() == CudaOutputKind.CUBIN) {
      cmd.add("-Xptxas");
      cmd.add("-v");
    }
    cmd.addAll(target.options());
    cmd.add("-o");
    cmd.add(output);
    cmd.add(input);
    return cmd;
  }

  @Override
  public CompiledCuda compile(String source, String kernelName, CudaTarget target) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(kernelName, "kernelName");
    Objects.requireNonNull(target, "target");
    String what = "kernel '" + kernelName + "' for " + target.arch() + " " + target.kind();
    Path dir = null;
    try {
      dir = Files.createTempDirectory("kgen-nvcc-");
      Files.writeString(dir.resolve("kernel.cu"), source, StandardCharsets.UTF_8);
      String outName = "kernel" + target.kind().suffix();
      List<String> cmd = command(target, "kernel.cu", outName);
      ProcessResult result = ProcessResult.run(cmd, dir, TIMEOUT_SECONDS);
      if (result.exitCode() != 0) {
        throw new CudaCompileException(
            "nvcc failed with exit code " + result.exitCode() + " compiling " + what
                + " (command: " + String.join(" ", cmd) + ")",
            result.output(), null);
      }
      Path out = dir.resolve(outName);
      if (!Files.isRegularFile(out) || Files.size(out) == 0) {
        throw new CudaCompileException(
            "nvcc exited 0 compiling " + what + " but wrote no " + outName
                + "; expected a non-empty output file", result.output(), null);
      }
      return new CompiledCuda(
          kernelName, target, Files.readAllBytes(out), result.output(), ID, version(), false);
    } catch (IOException e) {
      throw new CudaCompileException(
          "cannot run " + nvcc + " compiling " + what + ": " + e.getMessage(), "", e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A leftover temp directory is harmless; the compile result is what matters.
    }
  }

  @Override
  public String toString() {
    return "NvccCompiler[" + nvcc + "]";
  }
}
