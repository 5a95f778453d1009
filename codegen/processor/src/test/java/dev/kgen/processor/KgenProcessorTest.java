package dev.kgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.codegen.opencl.OpenClEmitter;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.kernels.norm.SoftmaxKernel;
import dev.kgen.launch.KernelSource;
import dev.kgen.processor.testkernels.ScaleRowsKernel;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor end to end on small consumers compiled with javac: outputs, goldens, determinism. */
class KgenProcessorTest {
  static final String SCALE_ROWS = """
      package demo;

      import dev.kgen.launch.annotations.KgenKernel;
      import dev.kgen.launch.annotations.Specialization;

      @KgenKernel(
          kernel = "dev.kgen.processor.testkernels.ScaleRowsKernel.DEF",
          specializations = {
            @Specialization(name = "bf16", constexprs = {"DTYPE=bf16", "BLOCK=256"}),
            @Specialization(name = "fp32WithBias", constexprs = {"DTYPE=fp32", "BLOCK=64", "USE_BIAS=true"},
                threadsPerProgram = 64, vectorWidth = 2)
          })
      final class Kernels {}
      """;

  /** Calls the generated methods with the types the launcher must take, so a wrong signature fails to compile. */
  static final String CALLER = """
      package demo;

      import dev.kgen.launch.Buffer;
      import dev.kgen.launch.Device;
      import dev.kgen.launch.Grid;

      final class Caller {
        static void run(Device d, Buffer out, Buffer in, Buffer bias) {
          ScaleRowsLauncher l = new ScaleRowsLauncher(d);
          l.bf16(Grid.of(4), out, in, 100, 1.5f, 128L, true);
          l.fp32WithBias(Grid.of(4), out, in, bias, 50, 0.5f, 64L, false);
          l.prepareAll();
        }
      }
      """;

  @TempDir
  Path dir;

  private Compilation compile(Path where) {
    return Compilation.of(where, Map.of("demo/Kernels.java", SCALE_ROWS, "demo/Caller.java", CALLER));
  }

  @Test
  void generatesALauncherThatCompilesWithTypedNamedParameters() throws IOException {
    Compilation c = compile(dir.resolve("a"));
    assertTrue(c.success, () -> "compilation failed: " + c.errors);
    assertEquals(java.util.List.of(), c.errors);
    Goldens.assertMatches("demo/ScaleRowsLauncher.java", c.file("sources/demo/ScaleRowsLauncher.java"));
  }

  @Test
  void writesTheSourcesTheEmittersGiveAndAManifestPerSpecialization() throws IOException {
    Compilation c = compile(dir.resolve("a"));
    Kernel bf16 = ScaleRowsKernel.DEF.specialize(Map.of("DTYPE", DType.BF16, "BLOCK", 256));
    Kernel fp32 = ScaleRowsKernel.DEF.specialize(Map.of("DTYPE", DType.F32, "BLOCK", 64, "USE_BIAS", true));
    CodegenOptions narrow = new CodegenOptions(64, 2);
    assertEquals(CudaEmitter.emit(bf16).source(), c.file(resource(bf16, "cu")));
    assertEquals(OpenClEmitter.emit(bf16).source(), c.file(resource(bf16, "cl")));
    assertEquals(CudaEmitter.emit(fp32, narrow).source(), c.file(resource(fp32, "cu")));
    assertEquals(OpenClEmitter.emit(fp32, narrow).source(), c.file(resource(fp32, "cl")));
    assertEquals(2 * 3 + 1, c.generated.size(), c.generated.keySet().toString()); // 3 resources each, 1 launcher
  }

  @Test
  void manifestsMatchTheirGoldensAndReadAsProperties() throws IOException {
    Compilation c = compile(dir.resolve("a"));
    Kernel bf16 = ScaleRowsKernel.DEF.specialize(Map.of("DTYPE", DType.BF16, "BLOCK", 256));
    String text = c.file(resource(bf16, "properties"));
    Goldens.assertMatches("scale_rows_bf16.properties", text);
    Properties p = new Properties();
    p.load(new StringReader(text));
    assertEquals(bf16.contentHash(), p.getProperty("hash"));
    assertEquals("128", p.getProperty("threadsPerProgram"));
    assertEquals("ptr<fp32> unused", p.getProperty("param.bias_ptr"));
    assertEquals("i1 used passedAs=int32", p.getProperty("param.negate"));
  }

  @Test
  void twoBuildsGiveTheSameBytes() {
    Compilation first = compile(dir.resolve("a"));
    Compilation second = compile(dir.resolve("b"));
    assertEquals(first.generated, second.generated);
  }

  @Test
  void twoDeclarationsOfOneSpecializationShareItsResources() {
    String other = """
        package demo.other;

        import dev.kgen.launch.annotations.KgenKernel;
        import dev.kgen.launch.annotations.Specialization;

        @KgenKernel(kernel = "dev.kgen.kernels.norm.SoftmaxKernel.DEF",
            specializations = @Specialization(name = "again", constexprs = {"DTYPE=fp32", "BLOCK_N=128"}))
        final class More {}
        """;
    String first = """
        package demo;

        import dev.kgen.launch.annotations.KgenKernel;
        import dev.kgen.launch.annotations.Specialization;

        @KgenKernel(kernel = "dev.kgen.kernels.norm.SoftmaxKernel.DEF",
            specializations = @Specialization(name = "fp32", constexprs = {"DTYPE=fp32", "BLOCK_N=128"}))
        final class Kernels {}
        """;
    Compilation c = Compilation.of(dir, Map.of("demo/Kernels.java", first, "demo/other/More.java", other));
    assertTrue(c.success, () -> "compilation failed: " + c.errors);
    Kernel k = SoftmaxKernel.DEF.specialize(Map.of("DTYPE", DType.F32, "BLOCK_N", 128));
    c.file(resource(k, "cl"));
    c.file("sources/demo/RowSoftmaxLauncher.java");
    c.file("sources/demo/other/RowSoftmaxLauncher.java");
  }

  static String resource(Kernel k, String extension) {
    return "classes/" + KernelSource.resourcePath(k.name(), k.contentHash(), extension);
  }
}
