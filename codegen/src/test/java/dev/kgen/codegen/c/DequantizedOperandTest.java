package dev.kgen.codegen.c;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.dsl.Tile;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import org.junit.jupiter.api.Test;

/**
 * Which fp8 dot operands are copied as bytes and converted by their dot's product as it reads
 * them: a uniform scale on either side of the multiplication; not a scale that varies per
 * element. (The converted bits are checked on a GPU by the CUDA suite.)
 */
class DequantizedOperandTest {
  private static final CodegenOptions OPTIONS = new CodegenOptions(128, 8);

  @Test
  void aUniformScaleAfterTheTileIsPassedToTheProduct() {
    String src = CudaEmitter.emit(scaledDot(Scale.AFTER), OPTIONS).source();
    assertTrue(src.contains("kgen_copy_async8(kgen_dst, x + "), "the bytes are copied");
    // decoded exactly (every fp8 value is a bf16 value) as the fragments are read; the product's
    // fp32 result times the scale: s * sum(a * x) for the sum(a * bf16(x * s)) the ops describe,
    // without the rounding of each element
    assertTrue(src.contains("__float_as_uint(kgen_fp8e4m3_to_float((unsigned char)two)) >> 16"), src);
    assertTrue(src.contains("make_float2(__fmul_rn(acc[j][0], scale), __fmul_rn(acc[j][1], scale))"), src);
    assertTrue(src.matches("(?s).*kgen_mma_bf16_e4m3\\(kgen_as, kgen_bt, kgen_c, [^;]*, s\\);.*"), src);
  }

  @Test
  void aUniformScaleBeforeTheTileIsPassedToo() {
    String src = CudaEmitter.emit(scaledDot(Scale.BEFORE), OPTIONS).source();
    assertTrue(src.contains("kgen_copy_async8(kgen_dst, x + "));
    assertTrue(src.matches("(?s).*kgen_mma_bf16_e4m3\\(kgen_as, kgen_bt, kgen_c, [^;]*, s\\);.*"), src);
  }

  @Test
  void anUnscaledCastIsCopiedAndTheProductMultipliedByOne() {
    String src = CudaEmitter.emit(scaledDot(Scale.NONE), OPTIONS).source();
    assertTrue(src.contains("kgen_copy_async8(kgen_dst, x + "), "the bytes are copied");
    assertTrue(src.matches("(?s).*kgen_mma_bf16_e4m3\\(kgen_as, kgen_bt, kgen_c, [^;]*, 1\\.0f\\);.*"), src);
  }

  @Test
  void anFp8OperandCastToFp16IsConvertedOnePairPerInstruction() {
    String src = CudaEmitter.emit(halfDot(), OPTIONS).source();
    assertTrue(src.contains("kgen_copy_async8(kgen_dst, x + "), "the bytes are copied");
    assertTrue(src.matches("(?s).*kgen_mma_fp16_e4m3\\(kgen_as, kgen_bt, kgen_c, [^;]*, 1\\.0f\\);.*"), src);
    // the pair helper's hardware branch is the decode alone
    assertTrue(src.matches("(?s).*kgen_mma_fp16_e4m3_pair\\(unsigned short two\\) \\{\\n#if [^\\n]*\\n"
        + "(  \\(void\\)[^\\n]*\\n)*  unsigned int h;\\n  asm\\(\"cvt\\.rn\\.f16x2\\.e4m3x2 [^\\n]*\\n  return h;\\n#else.*"), src);
  }

  @Test
  void aScaleThatVariesPerElementStaysInRegisters() {
    String src = CudaEmitter.emit(scaledDot(Scale.PER_ELEMENT), OPTIONS).source();
    assertFalse(src.contains("kgen_copy"), "the product is not a tile times one number");
  }

  private enum Scale { AFTER, BEFORE, PER_ELEMENT, NONE }

  /** {@code acc += fp16(a) @ trans(fp16(x)) * s} over fp8 tiles x of 64 x 128, the scale after the product. */
  private static Kernel halfDot() {
    return CopiedTiles.tileDot("half_dot", DType.F32, DType.F16, DType.FP8E4M3, p -> x -> x.to(DType.F16),
        p -> d -> d.mul(p.s()));
  }

  /** {@code acc += a @ trans(bf16(f32(x) * s))} over fp8 tiles x of 64 x 128. */
  private static Kernel scaledDot(Scale scale) {
    return CopiedTiles.tileDot("scaled_dot", DType.BF16, DType.BF16, DType.FP8E4M3, p -> x -> {
      Tile wide = x.to(DType.F32);
      Tile scaled = switch (scale) {
        case AFTER -> wide.mul(p.s());
        case BEFORE -> p.s().mul(wide);
        case PER_ELEMENT -> wide.mul(p.b().load(p.scales().add(p.tile())));
        case NONE -> wide;
      };
      return scaled.to(DType.BF16);
    }, p -> d -> d);
  }
}
