package dev.kgen.codegen.c;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import java.util.List;
import java.util.Map;
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

  /** {@code acc += fp16(a) @ trans(fp16(x))} over fp8 tiles x of 64 x 128, the scale after the product. */
  private static Kernel halfDot() {
    return KernelDef.builder("half_dot").body(b -> {
      Tile ap = b.pointer("a", DType.F32);
      Tile xp = b.pointer("x", DType.FP8E4M3);
      Tile out = b.pointer("out", DType.F32);
      Tile s = b.scalar("s", DType.F32);
      Tile rows = b.arange(0, 16);
      Tile cols = b.arange(0, 128);
      Tile a = b.load(ap.add(rows.col().mul(128)).add(cols.row())).to(DType.F16);
      Tile tile = b.arange(0, 64).col().mul(128).add(cols.row());
      Tile result = rows.col().mul(64).add(b.arange(0, 64).row());
      List<Tile> r = b.forRange(0, b.scalar("steps", DType.I32), List.of(b.zeros(new int[] {16, 64}, DType.F32)),
          (j, c) -> List.of(c.get(0).add(b.dot(a, b.load(xp.add(j.mul(8192)).add(tile)).to(DType.F16).trans()).mul(s))));
      b.store(out.add(result), r.get(0));
    }).build().specialize(Map.of());
  }

  /** {@code acc += a @ trans(bf16(f32(x) * s))} over fp8 tiles x of 64 x 128. */
  private static Kernel scaledDot(Scale scale) {
    return KernelDef.builder("scaled_dot").body(b -> {
      Tile ap = b.pointer("a", DType.BF16);
      Tile xp = b.pointer("x", DType.FP8E4M3);
      Tile sp = b.pointer("scales", DType.F32);
      Tile out = b.pointer("out", DType.F32);
      Tile s = b.scalar("s", DType.F32);
      Tile rows = b.arange(0, 16);
      Tile cols = b.arange(0, 128);
      Tile a = b.load(ap.add(rows.col().mul(128)).add(cols.row()));
      Tile tile = b.arange(0, 64).col().mul(128).add(cols.row());
      Tile result = rows.col().mul(64).add(b.arange(0, 64).row());
      List<Tile> r = b.forRange(0, b.scalar("steps", DType.I32), List.of(b.zeros(new int[] {16, 64}, DType.F32)),
          (j, c) -> {
            Tile x = b.load(xp.add(j.mul(8192)).add(tile)).to(DType.F32);
            Tile scaled = switch (scale) {
              case AFTER -> x.mul(s);
              case BEFORE -> s.mul(x);
              case PER_ELEMENT -> x.mul(b.load(sp.add(tile)));
              case NONE -> x;
            };
            return List.of(c.get(0).add(b.dot(a, scaled.to(DType.BF16).trans())));
          });
      b.store(out.add(result), r.get(0));
    }).build().specialize(Map.of());
  }
}
