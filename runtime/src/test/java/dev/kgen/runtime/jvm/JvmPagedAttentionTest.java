package dev.kgen.runtime.jvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.jvm.JavaCodegenOptions;
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
    System.out.println(PagedAttentionTiming.measure(compiler, Integer.getInteger("kgen.timing.seqs", 8)));
  }
}
