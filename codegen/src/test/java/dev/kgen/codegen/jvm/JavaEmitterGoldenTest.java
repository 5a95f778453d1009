package dev.kgen.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole-file comparisons of the generated Java for small specializations, so a change to the
 * emitter shows as a readable diff. Rewrite them with {@code -Dkgen.updateGoldens=true}.
 */
class JavaEmitterGoldenTest {
  private static final Path GOLDENS = Path.of("src/test/resources/golden/jvm");
  private static final String UPDATE = "kgen.updateGoldens";

  static Kernel kernel(String name) {
    return switch (name) {
      case "softmax_rows_bf16" -> GoldenKernels.SOFTMAX.specialize(Map.of("ROWS", 2, "BLOCK", 8, "DTYPE", DType.BF16));
      case "rms_norm_fp32" -> GoldenKernels.rmsNorm(Map.of("BLOCK", 16, "DTYPE", DType.F32));
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"softmax_rows_bf16", "rms_norm_fp32"})
  void generatedJavaMatchesTheGolden(String name) throws IOException {
    String actual = new JavaEmitter().emit(kernel(name)).text();
    Path golden = GOLDENS.resolve(name + ".java.golden");
    if (Boolean.getBoolean(UPDATE)) {
      Files.createDirectories(GOLDENS);
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    assertTrue(Files.exists(golden), "no golden " + golden.toAbsolutePath() + "; create it with -D" + UPDATE + "=true");
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
        "the Java generated for " + name + " differs from " + golden + "; if the change is intended, rewrite the"
            + " goldens with mvn test -D" + UPDATE + "=true and review the diff");
  }
}
