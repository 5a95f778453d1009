package dev.kgen.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.kernels.paged.PagedAttentionKernel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole-file comparisons of the generated Java for small specializations, so a change to the
 * emitter shows as a readable diff. Rewrite them with {@code -Dkgen.updateGoldens=true}.
 */
class JvmEmitterGoldenTest {
  private static final Path GOLDENS = Path.of("src/test/resources/golden/jvm");
  private static final String UPDATE = "kgen.updateGoldens";

  static Kernel kernel(String name) {
    return switch (name) {
      case "softmax_rows_bf16" -> GoldenKernels.SOFTMAX.specialize(Map.of("ROWS", 2, "BLOCK", 8, "DTYPE", DType.BF16));
      case "rms_norm_fp32" -> GoldenKernels.rmsNorm(Map.of("BLOCK", 16, "DTYPE", DType.F32));
      case "paged_attention_bf16" -> PagedAttentionKernel.DEF.specialize(pagedAttention());
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** A small decode specialization: head 32, 2 queries per KV head padded to 4, blocks of 16. */
  static Map<String, Object> pagedAttention() {
    Map<String, Object> m = new HashMap<>();
    m.put("Q_DTYPE", DType.BF16);
    m.put("KV_DTYPE", DType.BF16);
    m.put("OUT_DTYPE", DType.BF16);
    m.put("num_query_heads", 8);
    m.put("num_queries_per_kv", 2);
    m.put("num_queries_per_kv_padded", 4);
    m.put("BLOCK_SIZE", 16);
    m.put("PHYSICAL_BLOCK_SIZE", 16);
    m.put("HEAD_SIZE", 32);
    m.put("HEAD_SIZE_PADDED", 32);
    m.put("USE_ALIBI_SLOPES", false);
    m.put("SLIDING_WINDOW", 0);
    m.put("x", 8);
    m.put("filter_by_query_len", true);
    m.put("USE_SINKS", false);
    m.put("USE_FP8", false);
    return m;
  }

  @ParameterizedTest
  @ValueSource(strings = {"softmax_rows_bf16", "rms_norm_fp32", "paged_attention_bf16"})
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
