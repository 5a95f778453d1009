package dev.kgen.codegen.jvm;

import com.palantir.javapoet.CodeBlock;
import dev.kgen.ir.DType;
import java.util.EnumMap;
import java.util.Map;

/**
 * How each dtype is read from and written to a little-endian {@link java.nio.ByteBuffer} at an
 * element offset, as data: the accessor, the decoding and the encoding. Matches
 * {@link DType#read} and {@link DType#write} bit for bit.
 */
final class MemoryAccess {
  /** Buffer accessor suffix ({@code get$L}/{@code put$L}) and the intrinsics that decode and encode. */
  private record Access(String accessor, String decode, String encode) {}

  private static final Map<DType, Access> ACCESS = new EnumMap<>(DType.class);

  static {
    ACCESS.put(DType.I1, new Access("", null, null));
    ACCESS.put(DType.I32, new Access("Int", null, null));
    ACCESS.put(DType.I64, new Access("Long", null, null));
    ACCESS.put(DType.F32, new Access("Float", null, null));
    ACCESS.put(DType.F64, new Access("Double", null, null));
    ACCESS.put(DType.BF16, new Access("Short", "bf16", "bf16Bits"));
    ACCESS.put(DType.F16, new Access("Short", "f16", "f16Bits"));
    ACCESS.put(DType.FP8E4M3, new Access("", "fp8e4m3", "fp8e4m3Bits"));
    ACCESS.put(DType.FP8E5M2, new Access("", "fp8e5m2", "fp8e5m2Bits"));
  }

  private MemoryAccess() {}

  /** The byte position of element {@code offset} (an in-bounds long, so the int cast is exact). */
  static CodeBlock bytePosition(DType t, String offset) {
    int shift = Integer.numberOfTrailingZeros(t.bytes());
    return shift == 0 ? CodeBlock.of("(int) $L", offset) : CodeBlock.of("(int) $L << $L", offset, shift);
  }

  /** Reads element {@code offset} of {@code buffer} as a value of {@code t}. */
  static Expr read(DType t, String buffer, String offset) {
    return value(t, CodeBlock.of("$L.get$L($L)", buffer, ACCESS.get(t).accessor(), bytePosition(t, offset)));
  }

  /**
   * Reads the element at byte {@code position} of {@code array} (a heap buffer's array, see
   * {@link JvmIntrinsics#heapArray}) as a value of {@code t}; the same value as {@link #read}.
   */
  static Expr readArray(DType t, String array, CodeBlock position) {
    CodeBlock in = CodeBlock.of("$L, $L", array, position);
    switch (t) {
      case I32:
        return value(t, CodeBlock.of("$T.intAt($L)", ElementOps.INTRINSICS, in));
      case I64:
        return value(t, CodeBlock.of("$T.longAt($L)", ElementOps.INTRINSICS, in));
      case F32:
        return value(t, CodeBlock.of("Float.intBitsToFloat($T.intAt($L))", ElementOps.INTRINSICS, in));
      case F64:
        return value(t, CodeBlock.of("Double.longBitsToDouble($T.longAt($L))", ElementOps.INTRINSICS, in));
      case BF16:
      case F16:
        return value(t, CodeBlock.of("$T.shortAt($L)", ElementOps.INTRINSICS, in));
      default:
        return value(t, CodeBlock.of("$L[$L]", array, position)); // one byte: i1 and the fp8 formats
    }
  }

  /** The value of {@code t} whose stored form {@code get} reads (a buffer's or an array's accessor). */
  private static Expr value(DType t, CodeBlock get) {
    switch (t) {
      case I1:
        return Expr.compound(JavaType.BOOLEAN, "$L != 0", get);
      case I32:
        return new Expr(get, JavaType.INT, true);
      case I64:
        return new Expr(get, JavaType.LONG, true);
      case F32:
        return new Expr(get, JavaType.FLOAT, true);
      case F64:
        return new Expr(get, JavaType.DOUBLE, true);
      default:
        return decode(t, get);
    }
  }

  /** The value of the stored bits {@code bits} (a byte or short expression) of a 1- or 2-byte float format. */
  static Expr decode(DType t, CodeBlock bits) {
    return Expr.atom(JavaType.DOUBLE, "$T.$L($L)", ElementOps.INTRINSICS, ACCESS.get(t).decode(), bits);
  }

  /** The statement writing {@code value} (already a value of {@code t}) at element {@code offset}. */
  static CodeBlock write(DType t, String buffer, String offset, Expr value) {
    Access a = ACCESS.get(t);
    CodeBlock encoded;
    switch (t) {
      case I1:
        encoded = CodeBlock.of("(byte) ($L ? 1 : 0)", value.operand());
        break;
      case F32:
        encoded = value.type() == JavaType.FLOAT ? value.code() : CodeBlock.of("(float) $L", value.operand());
        break;
      case I32:
      case I64:
      case F64:
        encoded = value.code();
        break;
      default:
        encoded = CodeBlock.of("$T.$L($L)", ElementOps.INTRINSICS, a.encode(), value.code());
        break;
    }
    return CodeBlock.of("$L.put$L($L, $L)", buffer, a.accessor(), bytePosition(t, offset), encoded);
  }
}
