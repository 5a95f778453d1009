package dev.kgen.codegen.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.ExecutionCases;
import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.codegen.PagedSpecs;
import dev.kgen.codegen.Toolchain;
import dev.kgen.ir.DType;
import dev.kgen.ir.Param;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks the emitted CUDA on a GPU machine without JCuda, in two steps that tests run only when
 * asked: {@code -Dkgen.cudaExport=DIR} writes every launch (PTX and cubin for sm_90 built with
 * the local nvcc, inputs, a manifest), the driver-API harness and {@code run.sh}; run {@code
 * DIR/run.sh OUT} on the GPU machine; then {@code -Dkgen.cudaResults=OUT} unpacks nothing but
 * reads {@code OUT/<case>/out*} and compares them with the interpreter.
 */
class CudaDeviceCheck {
  static Map<String, ExecutionCases.Launch> launches() {
    Map<String, ExecutionCases.Launch> m = new LinkedHashMap<>();
    m.put("elementwise", ExecutionCases.elementwise());
    m.put("row_softmax", ExecutionCases.rowSoftmax());
    m.put("layouts3", ExecutionCases.layouts(3));
    m.put("layouts0", ExecutionCases.layouts(0));
    PagedSpecs s = PagedSpecs.small();
    List<PagedSpecs> paged = List.of(s, s.withKv(DType.FP8E4M3),
        new PagedSpecs(80, 544, 6, DType.F16, DType.FP8E5M2, false, true, 0, true, false),
        new PagedSpecs(128, 32, 1, DType.BF16, DType.BF16, true, true, 64, false, true),
        new PagedSpecs(256, 544, 8, DType.BF16, DType.FP8E4M3, true, true, 128, true, true),
        new PagedSpecs(256, 16, 8, DType.F16, DType.F16, false, false, 0, false, false),
        new PagedSpecs(96, 32, 4, DType.F16, DType.F16, true, false, 0, false, true));
    for (int i = 0; i < paged.size(); i++) {
      m.put("paged" + i, ExecutionCases.paged(paged.get(i)));
    }
    return m;
  }

  static Map<String, CodegenOptions> options() {
    Map<String, CodegenOptions> m = new LinkedHashMap<>();
    m.put("t128v4", CodegenOptions.DEFAULT);
    m.put("t32v1", new CodegenOptions(32, 1));
    m.put("t256v8", new CodegenOptions(256, 8));
    m.put("t1024v8", new CodegenOptions(1024, 8));
    return m;
  }

  /** Which launches run with which options: everything with the default, the small ones with all. */
  static boolean selected(String launch, String option) {
    return option.equals("t128v4") || launch.startsWith("layouts") || launch.equals("paged0") || launch.equals("row_softmax");
  }

  @Test
  void exportCases() throws Exception {
    String dir = System.getProperty("kgen.cudaExport");
    assumeTrue(dir != null, "set -Dkgen.cudaExport=DIR to write CUDA launch cases");
    Path nvcc = Toolchain.nvcc();
    assumeTrue(nvcc != null, "nvcc not found");
    Path root = Files.createDirectories(Path.of(dir).toAbsolutePath());
    StringBuilder script = new StringBuilder("#!/bin/sh\n# usage: run.sh OUTDIR\nset -u\ncd \"$(dirname \"$0\")\"\n"
        + "for c in */; do c=${c%/}; mkdir -p \"$1/$c\"; (cd \"$c\" && e=$(cat entry) && "
        + "(../kgen_cuda_run kernel.cubin \"$e\" manifest > \"$1/$c/log\" 2>&1 || ../kgen_cuda_run kernel.ptx \"$e\" manifest >> \"$1/$c/log\" 2>&1); "
        + "echo \"$c rc=$?\"; for o in out*; do [ -f \"$o\" ] && cp \"$o\" \"$1/$c/\"; done); done\n");
    for (Map.Entry<String, ExecutionCases.Launch> l : launches().entrySet()) {
      for (Map.Entry<String, CodegenOptions> o : options().entrySet()) {
        if (!selected(l.getKey(), o.getKey())) {
          continue;
        }
        Path c = Files.createDirectories(root.resolve(l.getKey() + "_" + o.getKey()));
        GeneratedKernel g = CudaEmitter.emit(l.getValue().kernel(), o.getValue());
        Files.writeString(c.resolve("kernel.cu"), g.source());
        Files.writeString(c.resolve("entry"), g.entryName());
        for (String kind : List.of("ptx", "cubin")) {
          Toolchain.Result r = Toolchain.run(c, 600, List.of(nvcc.toString(), "-" + kind, "-arch=sm_90", "kernel.cu"));
          assertEquals(0, r.exitCode(), r.output());
        }
        Files.writeString(c.resolve("manifest"), manifest(l.getValue(), g, c));
      }
    }
    Files.writeString(root.resolve("run.sh"), script);
    root.resolve("run.sh").toFile().setExecutable(true);
    try (InputStream in = getClass().getResourceAsStream("/runner/kgen_cuda_run.c")) {
      Files.write(root.resolve("kgen_cuda_run.c"), in.readAllBytes());
    }
    Toolchain.Result r = Toolchain.run(root, 120, List.of("gcc", "-O1", "-o", "kgen_cuda_run", "kgen_cuda_run.c", "-ldl"));
    assertEquals(0, r.exitCode(), r.output());
  }

  private static String manifest(ExecutionCases.Launch l, GeneratedKernel g, Path dir) throws Exception {
    StringBuilder m = new StringBuilder();
    m.append("grid ").append(l.grid()[0]).append(' ').append(l.grid()[1]).append(' ').append(l.grid()[2]).append('\n');
    m.append("local ").append(g.threadsPerProgram()).append('\n');
    for (int i = 0; i < g.params().size(); i++) {
      Param p = g.params().get(i);
      Object a = l.args().get(i);
      if (p.isPointer()) {
        ByteBuffer b = (ByteBuffer) a;
        byte[] bytes = new byte[b.capacity()];
        b.duplicate().position(0).get(bytes);
        Files.write(dir.resolve("in" + i), bytes);
        m.append("arg buf in").append(i).append(" out").append(i).append('\n');
      } else {
        Number v = (Number) a;
        switch (p.dtype()) {
          case I1:
          case I32:
            m.append("arg i32 ").append(p.dtype() == DType.I1 ? (v.doubleValue() != 0 ? 1 : 0) : v.intValue());
            break;
          case I64:
            m.append("arg i64 ").append(v.longValue());
            break;
          case F64:
            m.append("arg f64 ").append(Long.toHexString(Double.doubleToRawLongBits(v.doubleValue())));
            break;
          default:
            m.append("arg f32 ").append(Integer.toHexString(Float.floatToRawIntBits(v.floatValue())));
        }
        m.append('\n');
      }
    }
    return m.toString();
  }

  @Test
  void checkResults() throws Exception {
    String dir = System.getProperty("kgen.cudaResults");
    assumeTrue(dir != null, "set -Dkgen.cudaResults=DIR to compare CUDA results with the interpreter");
    Path root = Path.of(dir);
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<String, ExecutionCases.Launch> l : launches().entrySet()) {
      List<Object> expected = l.getValue().expected();
      for (String o : options().keySet()) {
        if (!selected(l.getKey(), o)) {
          continue;
        }
        Path c = root.resolve(l.getKey() + "_" + o);
        List<Object> actual = l.getValue().copyArgs();
        try {
          for (int i = 0; i < actual.size(); i++) {
            if (actual.get(i) instanceof ByteBuffer b) {
              Path out = c.resolve("out" + i);
              if (!Files.exists(out)) {
                throw new AssertionError("no output " + out + "; log: "
                    + (Files.exists(c.resolve("log")) ? Files.readString(c.resolve("log")) : "none"));
              }
              b.duplicate().position(0).put(Files.readAllBytes(out));
            }
          }
          l.getValue().check("cuda " + o, expected, actual);
          checked++;
        } catch (AssertionError e) {
          failures.add(e.getMessage());
        }
      }
    }
    System.out.println("CUDA device check: " + checked + " launches match the interpreter");
    assertEquals(List.of(), failures);
  }
}
