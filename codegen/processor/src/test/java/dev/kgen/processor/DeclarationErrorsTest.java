package dev.kgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake in a declaration is one compile error that names it and says what was expected. */
class DeclarationErrorsTest {
  private static final String SOFTMAX = "dev.kgen.kernels.norm.SoftmaxKernel.DEF";
  private static final String ON = ") on demo.Kernels";

  @TempDir
  Path dir;

  private String error(String kernel, String specializations) {
    return error("kernel = \"" + kernel + "\", specializations = " + specializations);
  }

  private String error(String annotationBody) {
    String source = "package demo;\n\nimport dev.kgen.launch.annotations.KgenKernel;\n"
        + "import dev.kgen.launch.annotations.Specialization;\n\n"
        + "@KgenKernel(" + annotationBody + ")\nfinal class Kernels {}\n";
    Compilation c = Compilation.of(dir, Map.of("demo/Kernels.java", source));
    assertFalse(c.success, "the declaration compiled: " + annotationBody);
    assertEquals(1, c.errors.size(), c.errors.toString());
    return c.errors.get(0);
  }

  private static String where(String kernel) {
    return "@KgenKernel(kernel = \"" + kernel + "\"" + ON;
  }

  private static String spec(String name) {
    return "@Specialization(name = \"" + name + "\", constexprs = {\"DTYPE=bf16\", \"BLOCK_N=1024\"})";
  }

  @Test
  void theKernelMustBeAStaticKernelDefFieldOnTheProcessorPath() {
    assertEquals(where("SoftmaxKernel") + ": kernel must be the fully qualified name of a static KernelDef field,"
        + " e.g. \"dev.kgen.kernels.norm.SoftmaxKernel.DEF\"", error("SoftmaxKernel", spec("a")));
    assertEquals(where("com.example.Missing.DEF") + ": class com.example.Missing is not on the annotation processor path;"
            + " add the artifact that holds it next to kgen-processor in the maven-compiler-plugin's"
            + " annotationProcessorPaths (a kernel runs at build time, so it cannot come from the sources being compiled)",
        error("com.example.Missing.DEF", spec("a")));
    String field = "dev.kgen.kernels.norm.SoftmaxKernel.KERNEL";
    assertEquals(where(field) + ": dev.kgen.kernels.norm.SoftmaxKernel has no public field KERNEL; its public static"
        + " KernelDef fields are DEF", error(field, spec("a")));
    String notKernel = "dev.kgen.processor.testkernels.ScaleRowsKernel.NAME";
    assertEquals(where(notKernel) + ": dev.kgen.processor.testkernels.ScaleRowsKernel.NAME is not a static KernelDef"
        + " field (it is a static String); name one of DEF", error(notKernel, spec("a")));
  }

  @Test
  void constexprsMustBeDeclaredBoundOnceAndOfTheirKind() {
    String w = where(SOFTMAX) + ", specialization 'a': ";
    assertEquals(w + "\"DTYPE bf16\" is not NAME=value; write e.g. \"DTYPE=...\"",
        error(SOFTMAX, "@Specialization(name = \"a\", constexprs = {\"DTYPE bf16\"})"));
    assertEquals(w + "kernel row_softmax has no constexpr 'BLOCK'; it declares DTYPE, BLOCK_N",
        error(SOFTMAX, "@Specialization(name = \"a\", constexprs = {\"DTYPE=bf16\", \"BLOCK=1024\"})"));
    assertEquals(w + "BLOCK_N is an int constexpr; 'wide' is not a 32-bit integer (write e.g. BLOCK_N=16)",
        error(SOFTMAX, "@Specialization(name = \"a\", constexprs = {\"DTYPE=bf16\", \"BLOCK_N=wide\"})"));
    assertEquals(w + "DTYPE is a dtype constexpr; unknown dtype 'bfloat16'; expected one of i1, i32, i64, fp8e4m3,"
            + " fp8e5m2, fp16, bf16, fp32, fp64",
        error(SOFTMAX, "@Specialization(name = \"a\", constexprs = {\"DTYPE=bfloat16\", \"BLOCK_N=1024\"})"));
    assertEquals(w + "constexpr DTYPE is bound twice; bind each once",
        error(SOFTMAX, "@Specialization(name = \"a\", constexprs = {\"DTYPE=bf16\", \"DTYPE=fp16\"})"));
    assertEquals(w + "constexpr BLOCK_N is not bound; add \"BLOCK_N=...\" to constexprs",
        error(SOFTMAX, "@Specialization(name = \"a\", constexprs = {\"DTYPE=bf16\"})"));
    String scale = "dev.kgen.processor.testkernels.ScaleRowsKernel.DEF";
    assertEquals(where(scale) + ", specialization 'a': USE_BIAS is a bool constexpr; 'yes' is neither true nor false",
        error(scale, "@Specialization(name = \"a\", constexprs = {\"DTYPE=bf16\", \"BLOCK=64\", \"USE_BIAS=yes\"})"));
  }

  @Test
  void whatTheDslOrTheOptionsRejectIsReportedOnTheSpecialization() {
    String w = where(SOFTMAX) + ", specialization 'odd': ";
    String dsl = error(SOFTMAX, "@Specialization(name = \"odd\", constexprs = {\"DTYPE=bf16\", \"BLOCK_N=1000\"})");
    assertEquals(w + "specializing row_softmax failed: arange(0, 1000)", dsl.substring(0, (w + "specializing row_softmax failed: arange(0, 1000)").length()));
    assertEquals(where(SOFTMAX) + ", specialization 'a': threadsPerProgram must be a power of two from 32 to 1024, got 96",
        error(SOFTMAX, "@Specialization(name = \"a\", constexprs = {\"DTYPE=bf16\", \"BLOCK_N=1024\"}, threadsPerProgram = 96)"));
  }

  @Test
  void namesMustBeJavaIdentifiersAndSpecializationsDistinct() {
    assertEquals(where(SOFTMAX) + ", specialization 'bf16-wide': the name must be a Java identifier, e.g. bf16Wide;"
        + " it names the launcher method", error(SOFTMAX, spec("bf16-wide")));
    assertEquals(where(SOFTMAX) + ", specialization 'a': the name is declared twice; give each specialization its own name",
        error(SOFTMAX, "{" + spec("a") + ", " + spec("a") + "}"));
    assertEquals(where(SOFTMAX) + ", specialization 'b': specializes row_softmax exactly as 'a' does (same constexprs"
        + " after defaults); declare each kernel once", error(SOFTMAX, "{" + spec("a") + ", " + spec("b") + "}"));
    assertEquals(where(SOFTMAX) + ": declares no specializations; add at least one @Specialization",
        error(SOFTMAX, "{}"));
    assertEquals(where(SOFTMAX) + ": launcher \"demo.Softmax\" is not a simple Java class name; give a name such as"
            + " RowSoftmaxLauncher (it is generated in package demo)",
        error("kernel = \"" + SOFTMAX + "\", launcher = \"demo.Softmax\", specializations = " + spec("a")));
  }

  @Test
  void aLauncherIsGeneratedOnce() {
    String source = "package demo;\n\nimport dev.kgen.launch.annotations.KgenKernel;\n"
        + "import dev.kgen.launch.annotations.Specialization;\n\n"
        + "@KgenKernel(kernel = \"" + SOFTMAX + "\", specializations = " + spec("a") + ")\n"
        + "@KgenKernel(kernel = \"" + SOFTMAX + "\", specializations = "
        + "@Specialization(name = \"b\", constexprs = {\"DTYPE=fp32\", \"BLOCK_N=128\"}))\n"
        + "final class Kernels {}\n";
    Compilation c = Compilation.of(dir, Map.of("demo/Kernels.java", source));
    assertEquals(List.of(where(SOFTMAX) + ": launcher demo.RowSoftmaxLauncher is already generated for " + where(SOFTMAX)
        + "; set launcher = \"...\" to another name, or declare all specializations in one @KgenKernel"), c.errors);
  }
}
