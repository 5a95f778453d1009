package dev.kgen.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.kernels.paged.PagedAttentionKernel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link JavaEmitter}: naming, determinism and options. */
class JvmEmitterTest {
  private static Kernel softmax(DType t) {
    return GoldenKernels.SOFTMAX.specialize(Map.of("ROWS", 4, "BLOCK", 32, "DTYPE", t));
  }

  @Test
  void theClassIsNamedAfterTheKernelAndItsIrHash() {
    Kernel k = softmax(DType.F32);
    JavaSource s = new JavaEmitter().emit(k);
    assertEquals("SoftmaxRows_" + k.contentHash().substring(0, 12), s.simpleName());
    assertEquals("dev.kgen.generated." + s.simpleName(), s.qualifiedName());
    assertTrue(s.text().contains("public final class " + s.simpleName() + " {"));
    assertEquals("softmax_rows", s.kernelName());
    assertEquals(JavaEmitter.VERSION, s.emitterVersion());
    assertNotEquals(s.simpleName(), new JavaEmitter().emit(softmax(DType.BF16)).simpleName());
  }

  @Test
  void outputIsDeterministic() {
    assertEquals(new JavaEmitter().emit(softmax(DType.BF16)).text(), new JavaEmitter().emit(softmax(DType.BF16)).text());
  }

  @Test
  void fp32TilesAreFloatArraysOnlyWhenAskedFor() {
    String asFloat = new JavaEmitter(new JavaCodegenOptions(true)).emit(softmax(DType.F32)).text();
    String asDouble = new JavaEmitter(new JavaCodegenOptions(false)).emit(softmax(DType.F32)).text();
    assertTrue(asFloat.contains("float[] x = tiles.x;"), asFloat);
    assertFalse(asDouble.contains("float[]"), asDouble);
    assertTrue(asDouble.contains("double[] x = tiles.x;"), asDouble);
  }

  @Test
  void tileArraysAreAllocatedOncePerWorkerNotPerTaskNorInsideLoops() {
    String text = new JavaEmitter().emit(GoldenKernels.rmsNorm(Map.of("BLOCK", 16, "DTYPE", DType.F32))).text();
    String methods = text.substring(text.indexOf("public static void runPrograms("), text.indexOf("private static final class Tiles"));
    assertFalse(methods.contains("new "), "runPrograms, the program or a nest allocates:\n" + methods);
    assertTrue(text.contains("public static Object newScratch() {\n    return new Tiles();\n  }"), text);
    assertTrue(text.contains("Tiles tiles = (Tiles) scratch;\n    for (int linear = first; linear < end; linear++) {"), text);
  }

  @Test
  void fp8TilesAreKeptAsCodesAndDequantizedThroughATable() {
    Map<String, Object> params = JvmEmitterGoldenTest.pagedAttention();
    params.put("KV_DTYPE", DType.FP8E4M3);
    String text = new JavaEmitter().emit(PagedAttentionKernel.DEF.specialize(params)).text();
    // K and V are loaded as their stored bytes; the scale and bf16 cast run once per code, not per element
    assertTrue(text.contains("final byte[] "), text);
    assertTrue(text.contains("for (int code = 0; code < 256; code++) {"), text);
    assertTrue(text.contains("_table[code] = JvmIntrinsics.roundBf16(((float) JvmIntrinsics.fp8e4m3((byte) code)) * k_scale_value);"), text);
    assertTrue(text.contains("& 0xff];"), text);
  }

  @Test
  void loopNestsAreMethodsOfTheirOwnAndDotsCallTheSharedProduct() {
    String text = new JavaEmitter().emit(JvmEmitterGoldenTest.kernel("paged_attention_bf16")).text();
    String program = text.substring(text.indexOf("private static void program("), text.indexOf("private static void", text.indexOf("private static void program(") + 1));
    assertFalse(program.contains("for (int i0"), "the program body holds a tile loop:\n" + program);
    // the QK dot's B is trans(K): K is loaded column-major, so its transpose is a row-major B, no copy
    assertTrue(program.contains("JvmDot.product(Q, "), program);
    assertTrue(text.contains("v90[i0 + i1 * 16] = "), "K is stored column-major:\n" + text);
    assertFalse(text.contains("widen_"), text);
    assertTrue(text.contains("private static void load_Q(Tiles tiles, "), text);
  }
}
