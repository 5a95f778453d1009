package dev.kgen.codegen.c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.codegen.opencl.NvidiaOpenClEmitter;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * How the tensor-core product reads its operand fragments: {@code ldmatrix} where every row of
 * an 8x8 matrix is 16 aligned bytes (A and B of 16-bit elements), one 32-bit read per register
 * otherwise and for fp8 B. (The products' values are checked on a GPU by the CUDA and NVIDIA
 * OpenCL suites.)
 */
class TensorCoreProductHelperTest {
  private static final CodegenOptions OPTIONS = new CodegenOptions(128, 8);
  private static final Pattern CALL = Pattern.compile("kgen_mma_bf16\\(kgen_as, kgen_bt, kgen_c, (\\d+), (\\d+), (\\d+), "
      + "(\\d+), (\\d+), (\\d+), (\\d+), ");

  @Test
  void sixteenBitOperandsAreLoadedAsMatrices() {
    String src = CudaEmitter.emit(dot(false), OPTIONS).source();
    String helper = helper(src, "kgen_mma_bf16");
    assertTrue(helper.contains("if (kpa % 8 == 0 && kpb % 8 == 0 && gb % 8 == 0 && gsb % 8 == 0)"), helper);
    // A's four registers in one load, B's two registers of two tiles in one, of one tile in one
    assertTrue(helper.contains("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0, %1, %2, %3}, [%4];\" : \"=r\"(a0), "
        + "\"=r\"(a1), \"=r\"(a2), \"=r\"(a3) : \"r\"((unsigned int)__cvta_generic_to_shared(as + (m0 + (lane & 15)) * kpa"
        + " + k0 + (lane >> 4) * 8)));"), helper);
    assertTrue(helper.contains("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0, %1, %2, %3}, [%4];\" : \"=r\"(p0), "
        + "\"=r\"(p1), \"=r\"(p2), \"=r\"(p3)"), helper);
    assertTrue(helper.contains("ldmatrix.sync.aligned.m8n8.x2.shared.b16 {%0, %1}, [%2];\" : \"=r\"(p0), \"=r\"(p1)"), helper);
    // the 32-bit reads stay for pitches that are not 16-byte pieces
    assertTrue(helper.contains("const unsigned int a0 = *(const unsigned int*)(a + k0)"), helper);
    Matcher call = CALL.matcher(src);
    assertTrue(call.find(), src);
    for (int group = 4; group <= 7; group++) {
      assertEquals(0, Integer.parseInt(call.group(group)) % 8, "the pitches this dot passes take the matrices: " + call.group());
    }
  }

  @Test
  void nvidiaOpenClAddressesTheSharedWindowItself() {
    String src = NvidiaOpenClEmitter.emit(dot(false), OPTIONS).source();
    assertTrue(src.contains("__asm__ volatile(\"ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0, %1, %2, %3}, [%4];\" : "
        + "\"=r\"(a0), \"=r\"(a1), \"=r\"(a2), \"=r\"(a3) : \"r\"((uint)(ulong)(as + "), src);
  }

  @Test
  void fp8OperandsAreReadAPairOfBytesAtATime() {
    String helper = helper(CudaEmitter.emit(dot(true), OPTIONS).source(), "kgen_mma_bf16_e4m3");
    assertFalse(helper.contains("ldmatrix"), helper);
    assertTrue(helper.contains("kgen_mma_bf16_e4m3_pair(*(const unsigned short*)(b + k0 / gb * gsb + k0 % gb))"), helper);
  }

  /** The definition of the helper {@code name}, up to the next one. */
  private static String helper(String src, String name) {
    int start = src.indexOf("void " + name + "(");
    assertTrue(start >= 0, name + " in\n" + src);
    int end = src.indexOf("\n}\n", start);
    return src.substring(start, end);
  }

  /** {@code acc += a @ trans(x)} over tiles x of 64 x 128, bf16 or fp8 widened to bf16. */
  private static Kernel dot(boolean fp8) {
    return CopiedTiles.tileDot("tiles_dot", DType.BF16, DType.BF16, fp8 ? DType.FP8E4M3 : DType.BF16,
        p -> x -> fp8 ? x.to(DType.BF16) : x, p -> d -> d);
  }
}
