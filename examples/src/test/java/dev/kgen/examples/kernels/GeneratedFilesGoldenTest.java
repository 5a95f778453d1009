package dev.kgen.examples.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.codegen.opencl.OpenClEmitter;
import dev.kgen.examples.support.Goldens;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.kernels.norm.SoftmaxKernel;
import dev.kgen.kernels.paged.PagedAttentionKernel;
import dev.kgen.kernels.paged.PagedAttentionSpec;
import dev.kgen.launch.KernelSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the build generated from {@link ShippedKernels}, whole file by whole file against the
 * goldens in {@code src/test/resources/golden}: the launcher classes (the build compiled them,
 * or this test would not run), and each specialization's CUDA source, OpenCL source and
 * manifest. {@code -Dkgen.updateGoldens=true} rewrites the goldens (and drops stale ones).
 */
class GeneratedFilesGoldenTest {
  private static final Path SOURCES = Path.of("target", "generated-sources", "annotations");
  private static final Path CLASSES = Path.of("target", "classes");
  private static final String LAUNCHERS = "dev/kgen/examples/kernels";

  /** Generated file name (relative to its output folder) to its text. */
  private static Map<String, String> generated() throws IOException {
    Map<String, String> files = new TreeMap<>();
    collect(SOURCES, SOURCES.resolve(LAUNCHERS), files);
    collect(CLASSES, CLASSES.resolve(KernelSource.RESOURCE_ROOT), files);
    return files;
  }

  private static void collect(Path root, Path dir, Map<String, String> files) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        files.put(root.relativize(f).toString().replace('\\', '/'), Files.readString(f, StandardCharsets.UTF_8));
      }
    }
  }

  private static Map<String, String> goldens() throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (Files.isDirectory(Goldens.DIR)) {
      collect(Goldens.DIR, Goldens.DIR, files);
    }
    return files;
  }

  @Test
  void everyGeneratedFileMatchesItsGolden() throws IOException {
    Map<String, String> generated = generated();
    if (Goldens.updating()) {
      for (String stale : goldens().keySet()) {
        if (!generated.containsKey(stale)) {
          Files.delete(Goldens.DIR.resolve(stale));
        }
      }
    }
    for (Map.Entry<String, String> f : generated.entrySet()) {
      Goldens.assertMatches(f.getKey(), f.getValue());
    }
    assertEquals(goldens().keySet(), generated.keySet(), "the generated files and the goldens differ in name;"
        + " rerun with -D" + Goldens.UPDATE_PROPERTY + "=true if the declarations changed");
  }

  @Test
  void theResourcesAreWhatTheEmittersGiveForTheDeclaredConstexprs() throws IOException {
    Kernel paged = PagedAttentionKernel.DEF.specialize(
        new PagedAttentionSpec(DType.BF16, DType.FP8E4M3, DType.BF16, 4, 2, 128, 16, 16, false, 0, true, false, 16)
            .constexprs());
    Kernel wide = SoftmaxKernel.DEF.specialize(Map.of("DTYPE", DType.BF16, "BLOCK_N", 1024));
    Kernel narrow = SoftmaxKernel.DEF.specialize(Map.of("DTYPE", DType.F32, "BLOCK_N", 128));
    Map<String, String> generated = generated();
    assertEquals(CudaEmitter.emit(paged).source(), generated.get(resource(paged, "cu")));
    assertEquals(OpenClEmitter.emit(paged).source(), generated.get(resource(paged, "cl")));
    assertEquals(OpenClEmitter.emit(wide).source(), generated.get(resource(wide, "cl")));
    assertEquals(OpenClEmitter.emit(narrow, CodegenOptions.DEFAULT.withThreadsPerProgram(64)).source(),
        generated.get(resource(narrow, "cl")));
    assertEquals(2 + 3 * 3, generated.size(), generated.keySet().toString());
  }

  private static String resource(Kernel k, String extension) {
    return KernelSource.resourcePath(k.name(), k.contentHash(), extension);
  }
}
