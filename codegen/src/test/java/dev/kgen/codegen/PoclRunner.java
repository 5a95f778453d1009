package dev.kgen.codegen;

import dev.kgen.ir.DType;
import dev.kgen.ir.Param;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs generated OpenCL on the host's OpenCL platform (PoCL) through a small C harness built
 * once per JVM from test resources. Tests skip (via {@link #available()}) where no C compiler,
 * OpenCL headers or loader exist.
 */
public final class PoclRunner {
  private static Path harness;
  private static String harnessProblem;

  private PoclRunner() {}

  /** Null if the harness can be used, else why not. */
  public static synchronized String unavailableReason() {
    if (harness == null && harnessProblem == null) {
      buildHarness();
    }
    return harnessProblem;
  }

  private static void buildHarness() {
    Path cc = Toolchain.openClHostCompiler();
    if (cc == null) {
      harnessProblem = "no C compiler with OpenCL headers and loader";
      return;
    }
    try {
      Path dir = Files.createDirectories(Path.of("target", "kgen-harness")).toAbsolutePath();
      Path src = dir.resolve("kgen_cl_run.c");
      try (InputStream in = PoclRunner.class.getResourceAsStream("/runner/kgen_cl_run.c")) {
        Files.write(src, in.readAllBytes());
      }
      Path exe = dir.resolve("kgen_cl_run");
      Toolchain.Result r = Toolchain.run(dir, 120, List.of(cc.toString(), "-O1", "-o", exe.toString(), src.toString(),
          "-lOpenCL"));
      if (r.exitCode() != 0) {
        harnessProblem = "building the OpenCL harness failed: " + r.output();
        return;
      }
      Toolchain.Result probe = Toolchain.run(dir, 60, List.of(exe.toString(), "build", writeProbe(dir).toString()));
      if (probe.exitCode() != 0) {
        harnessProblem = "no working OpenCL device: " + probe.output();
        return;
      }
      harness = exe.toAbsolutePath();
    } catch (IOException | InterruptedException e) {
      harnessProblem = "cannot build the OpenCL harness: " + e;
    }
  }

  private static Path writeProbe(Path dir) throws IOException {
    return Files.writeString(dir.resolve("probe.cl"), "__kernel void probe(__global int* p) { p[0] = 1; }\n");
  }

  /** Builds {@code source}; returns null on success, else the build log. */
  public static String build(String source) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("kgen-cl");
    Path file = Files.writeString(dir.resolve("kernel.cl"), source);
    Toolchain.Result r = Toolchain.run(dir, 300, List.of(harness.toString(), "build", file.toString()));
    return r.exitCode() == 0 ? null : r.output();
  }

  /**
   * Runs {@code k} over a grid of programs. {@code args} follow the parameters: a ByteBuffer per
   * pointer (its contents are the buffer; it is replaced by what the kernel left there), a
   * Number per scalar.
   */
  public static void run(GeneratedKernel k, int[] grid, List<Object> args) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("kgen-cl");
    Path src = Files.writeString(dir.resolve("kernel.cl"), k.source());
    StringBuilder manifest = new StringBuilder();
    manifest.append("grid ").append(grid[0]).append(' ').append(grid.length > 1 ? grid[1] : 1).append(' ')
        .append(grid.length > 2 ? grid[2] : 1).append('\n');
    manifest.append("local ").append(k.threadsPerProgram()).append('\n');
    List<Path> outs = new ArrayList<>();
    for (int i = 0; i < k.params().size(); i++) {
      Param p = k.params().get(i);
      Object a = args.get(i);
      if (p.isPointer()) {
        ByteBuffer b = (ByteBuffer) a;
        byte[] bytes = new byte[b.capacity()];
        b.duplicate().position(0).get(bytes);
        Path in = Files.write(dir.resolve("in" + i), bytes);
        Path out = dir.resolve("out" + i);
        outs.add(out);
        manifest.append("arg buf ").append(in).append(' ').append(out).append('\n');
      } else {
        outs.add(null);
        manifest.append("arg ").append(scalar(p.dtype(), (Number) a)).append('\n');
      }
    }
    Path m = Files.writeString(dir.resolve("manifest"), manifest);
    Toolchain.Result r = Toolchain.run(dir, 300, List.of(harness.toString(), "run", src.toString(), k.entryName(), m.toString()));
    if (r.exitCode() != 0) {
      throw new AssertionError("OpenCL run of " + k.entryName() + " failed:\n" + r.output());
    }
    for (int i = 0; i < outs.size(); i++) {
      if (outs.get(i) != null) {
        ByteBuffer b = (ByteBuffer) args.get(i);
        byte[] got = Files.readAllBytes(outs.get(i));
        b.duplicate().position(0).put(got);
      }
    }
  }

  private static String scalar(DType d, Number v) {
    switch (d) {
      case I1:
        return "i32 " + (v.doubleValue() != 0 ? 1 : 0);
      case I32:
        return "i32 " + v.intValue();
      case I64:
        return "i64 " + v.longValue();
      case F64:
        return "f64 " + Long.toHexString(Double.doubleToRawLongBits(v.doubleValue()));
      default:
        return "f32 " + Integer.toHexString(Float.floatToRawIntBits(v.floatValue()));
    }
  }

  /** A little-endian buffer of {@code bytes} zeros. */
  public static ByteBuffer buffer(int bytes) {
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A copy of {@code b} (little-endian), for running the interpreter and the device on the same inputs. */
  public static ByteBuffer copy(ByteBuffer b) {
    ByteBuffer c = buffer(b.capacity());
    c.put(b.duplicate().position(0));
    c.position(0);
    return c;
  }
}
