package dev.kgen.codegen.c;

import dev.kgen.errors.KgenInternalError;
import dev.kgen.ir.DType;
import java.util.List;

/**
 * The small functions generated code may call: rounding to, decoding from and encoding to the
 * small float formats, NaN-propagating max/min, and the tensor-core tile product of {@link
 * TensorCoreDot} (dialects with tensor cores only) and the copies to shared memory of {@link
 * AsyncOperandCopies} (dialects that have them). A file contains only the helpers its
 * kernel uses, in this enum's order (so every helper follows those it calls).
 */
public enum Helper {
  ROUND_FP16("kgen_round_fp16", DType.F16),
  ROUND_BF16("kgen_round_bf16", DType.BF16),
  ROUND_FP8E4M3("kgen_round_fp8e4m3", DType.FP8E4M3),
  ROUND_FP8E5M2("kgen_round_fp8e5m2", DType.FP8E5M2),
  DECODE_FP16("kgen_fp16_to_float", DType.F16),
  DECODE_BF16("kgen_bf16_to_float", DType.BF16),
  DECODE_FP8E4M3("kgen_fp8e4m3_to_float", DType.FP8E4M3),
  DECODE_FP8E5M2("kgen_fp8e5m2_to_float", DType.FP8E5M2),
  ENCODE_FP16("kgen_float_to_fp16", DType.F16),
  ENCODE_BF16("kgen_float_to_bf16", DType.BF16),
  ENCODE_FP8E4M3("kgen_float_to_fp8e4m3", DType.FP8E4M3),
  ENCODE_FP8E5M2("kgen_float_to_fp8e5m2", DType.FP8E5M2),
  MAX_F32("kgen_max_f32", DType.F32),
  MIN_F32("kgen_min_f32", DType.F32),
  MAX_F64("kgen_max_f64", DType.F64),
  MIN_F64("kgen_min_f64", DType.F64),
  MMA_FP16("kgen_mma_fp16", DType.F16),
  MMA_BF16("kgen_mma_bf16", DType.BF16),
  /**
   * The product with B copied as fp8 bytes and converted exactly to A's dtype as its fragments
   * are read, its fp32 result times a scale: {@link DequantizedOperand}.
   */
  MMA_FP16_E4M3("kgen_mma_fp16_e4m3", DType.F16, DType.FP8E4M3),
  MMA_FP16_E5M2("kgen_mma_fp16_e5m2", DType.F16, DType.FP8E5M2),
  MMA_BF16_E4M3("kgen_mma_bf16_e4m3", DType.BF16, DType.FP8E4M3),
  MMA_BF16_E5M2("kgen_mma_bf16_e5m2", DType.BF16, DType.FP8E5M2),
  /** The copies of {@link AsyncOperandCopies}, of 4, 8 and 16 bytes, and their groups ({@code kgen_copy_wait<N>} too). */
  ASYNC_COPY_4("kgen_copy_async4", DType.I32),
  ASYNC_COPY_8("kgen_copy_async8", DType.I32),
  ASYNC_COPY_16("kgen_copy_async16", DType.I32),
  ASYNC_COPY_GROUPS("kgen_copy_commit", DType.I32);

  private final String functionName;
  private final DType dtype;
  private final DType stored;

  Helper(String functionName, DType dtype) {
    this(functionName, dtype, dtype);
  }

  Helper(String functionName, DType dtype, DType stored) {
    this.functionName = functionName;
    this.dtype = dtype;
    this.stored = stored;
  }

  /** The dtype a product's B operand is stored in: {@link #dtype()}, or fp8 converted to it. */
  public DType stored() {
    return stored;
  }

  public String functionName() {
    return functionName;
  }

  /** The dtype the helper converts or computes on. */
  public DType dtype() {
    return dtype;
  }

  /** Helpers this one calls. */
  public List<Helper> dependencies() {
    switch (this) {
      case ENCODE_FP16:
        return List.of(ROUND_FP16);
      case ENCODE_FP8E4M3:
        return List.of(ROUND_FP8E4M3);
      case ENCODE_FP8E5M2:
        return List.of(ROUND_FP8E5M2);
      case MMA_FP16:
        return List.of(DECODE_FP16);
      case MMA_FP16_E4M3:
        return List.of(DECODE_FP16, DECODE_FP8E4M3, ENCODE_FP16);
      case MMA_FP16_E5M2:
        return List.of(DECODE_FP16, DECODE_FP8E5M2, ENCODE_FP16);
      case MMA_BF16_E4M3:
        return List.of(DECODE_FP8E4M3);
      case MMA_BF16_E5M2:
        return List.of(DECODE_FP8E5M2);
      default:
        return List.of();
    }
  }

  public static Helper round(DType d) {
    return pick(d, ROUND_FP16, ROUND_BF16, ROUND_FP8E4M3, ROUND_FP8E5M2);
  }

  public static Helper decode(DType d) {
    return pick(d, DECODE_FP16, DECODE_BF16, DECODE_FP8E4M3, DECODE_FP8E5M2);
  }

  public static Helper tensorCoreProduct(DType d) {
    return tensorCoreProduct(d, d);
  }

  /** The product of {@code d} operands whose B is stored as {@code stored} ({@code d}, or fp8 converted to {@code d}). */
  public static Helper tensorCoreProduct(DType d, DType stored) {
    for (Helper h : List.of(MMA_FP16, MMA_BF16, MMA_FP16_E4M3, MMA_FP16_E5M2, MMA_BF16_E4M3, MMA_BF16_E5M2)) {
      if (h.dtype == d && h.stored == stored) {
        return h;
      }
    }
    throw new KgenInternalError("no tensor-core product for " + d + " with B stored as " + stored);
  }

  /** The asynchronous copy of {@code bytes} (4, 8 or 16) bytes. */
  public static Helper asyncCopy(int bytes) {
    switch (bytes) {
      case 4:
        return ASYNC_COPY_4;
      case 8:
        return ASYNC_COPY_8;
      case 16:
        return ASYNC_COPY_16;
      default:
        throw new KgenInternalError("no asynchronous copy of " + bytes + " bytes");
    }
  }

  public static Helper encode(DType d) {
    return pick(d, ENCODE_FP16, ENCODE_BF16, ENCODE_FP8E4M3, ENCODE_FP8E5M2);
  }

  /** The helper named {@code name}, or null when {@code name} is not a helper. */
  public static Helper byFunctionName(String name) {
    for (Helper h : values()) {
      if (h.functionName.equals(name)) {
        return h;
      }
    }
    return null;
  }

  private static Helper pick(DType d, Helper f16, Helper bf16, Helper e4m3, Helper e5m2) {
    switch (d) {
      case F16:
        return f16;
      case BF16:
        return bf16;
      case FP8E4M3:
        return e4m3;
      case FP8E5M2:
        return e5m2;
      default:
        throw new KgenInternalError("no small-float helper for " + d);
    }
  }
}
