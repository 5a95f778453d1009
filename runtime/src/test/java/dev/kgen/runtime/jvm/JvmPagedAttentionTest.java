package dev.kgen.runtime.jvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.jvm.JavaCodegenOptions;
import dev.kgen.interp.Interpreter;
import dev.kgen.ir.DType;
import dev.kgen.runtime.cache.DiskCache;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The paged-attention decode kernel on the JVM backend against the interpreter. */
class JvmPagedAttentionTest {
  @TempDir
  static Path cacheDir;

  private static JvmCompiler compiler;

  @BeforeAll
  static void compiler() {
    compiler = new JvmCompiler(new DiskCache(cacheDir));
  }

  static Stream<PagedAttentionCase.Spec> specs() {
    return PagedAttentionCase.specs().stream();
  }

  @ParameterizedTest
  @MethodSource("specs")
  void matchesTheInterpreterAndLeavesPrefillRowsUntouched(PagedAttentionCase.Spec spec) {
    long seed = System.nanoTime();
    PagedAttentionCase c = new PagedAttentionCase(spec, seed);
    String context = "seed " + seed + ", " + spec;
    for (boolean floatForFp32 : new boolean[] {true, false}) {
      JvmKernel jvm = JvmKernel.compile(c.kernel, new JavaCodegenOptions(floatForFp32), compiler);
      List<Object> got = InterpreterParity.assertSameResults(c.kernel, jvm, c.grid, c.args,
          JvmLaunchOptions.defaults().withProgramsPerTask(1), context);
      ByteBuffer out = (ByteBuffer) got.get(0);
      DType t = spec.out();
      for (int token = 0; token < c.tokens; token++) {
        boolean prefill = c.prefillTokens.contains(token);
        for (int h = 0; h < spec.queryHeads(); h++) {
          for (int d = 0; d < c.outputStride1; d++) {
            double v = t.read(out, (long) token * c.outputStride0 + (long) h * c.outputStride1 + d);
            boolean written = !prefill && d < spec.headSize();
            assertTrue(written ? !Double.isNaN(v) : Double.isNaN(v), "token " + token + " head " + h + " dim " + d
                + " is " + v + (written ? ", expected a value" : ", expected the NaN poison") + " [" + context + "]");
          }
        }
      }
    }
  }

  /** Prints (does not assert) how much faster the JVM backend is than the interpreter. */
  @Test
  void timingAgainstTheInterpreter() {
    PagedAttentionCase.Spec spec = new PagedAttentionCase.Spec(DType.BF16, DType.BF16, DType.BF16, 4, 4, 16, 128, 128,
        16, 16, 8, false, false, 0, false, 8, 512);
    PagedAttentionCase c = new PagedAttentionCase(spec, 42);
    JvmKernel jvm = JvmKernel.compile(c.kernel, JavaCodegenOptions.defaults(), compiler);
    JvmLaunchOptions options = JvmLaunchOptions.defaults();
    double jvmSeconds = Double.MAX_VALUE;
    for (int i = 0; i < 15; i++) {
      List<Object> args = InterpreterParity.copy(c.args);
      long t0 = System.nanoTime();
      jvm.launch(c.grid, args, options);
      jvmSeconds = Math.min(jvmSeconds, (System.nanoTime() - t0) / 1e9);
    }
    double interpreterSeconds = Double.MAX_VALUE;
    for (int i = 0; i < 2; i++) {
      List<Object> args = InterpreterParity.copy(c.args);
      long t0 = System.nanoTime();
      new Interpreter(c.kernel).run(c.grid, args);
      interpreterSeconds = Math.min(interpreterSeconds, (System.nanoTime() - t0) / 1e9);
    }
    System.out.printf("paged attention %d seqs x %d kv heads, head %d, context <= %d, %d threads: interpreter %.3f s,"
            + " JVM backend %.4f s, %.0fx faster%n", spec.seqs(), spec.kvHeads(), spec.headSize(), spec.maxContext(),
        options.parallelism(), interpreterSeconds, jvmSeconds, interpreterSeconds / jvmSeconds);
  }
}
