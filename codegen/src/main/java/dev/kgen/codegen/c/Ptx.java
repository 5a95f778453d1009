package dev.kgen.codegen.c;

import dev.kgen.ir.DType;
import java.util.List;

/**
 * The inline PTX both NVIDIA dialects emit (CUDA C++ and NVIDIA's OpenCL C), in one dialect's
 * spelling: its {@code asm} keyword, its names of the 16- and 32-bit unsigned types, and of the
 * function that reads a word's bits as a float.
 */
public record Ptx(String asm, String u16, String u32, String bitsAsFloat) {
  /** The one tensor-core instruction of {@link CFamilyEmitter#tensorCoreMultiplyAdd}. */
  public String multiplyAdd(DType d) {
    String t = d == DType.BF16 ? "bf16" : "f16";
    return asm + " volatile(\"mma.sync.aligned.m16n8k16.row.col.f32." + t + "." + t + ".f32 "
        + "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};\" : \"+f\"(c0), \"+f\"(c1), "
        + "\"+f\"(c2), \"+f\"(c3) : \"r\"(a0), \"r\"(a1), \"r\"(a2), \"r\"(a3), \"r\"(b0), \"r\"(b1));";
  }

  /**
   * {@link CFamilyEmitter#tensorCoreLoadMatrices}: {@code ldmatrix} of as many 8x8 matrices of
   * 16-bit elements as {@code registers} names, from the 32-bit shared-window address
   * {@code sharedAddress}. Volatile, like the product, so that it stays after the barrier that
   * publishes the matrices.
   */
  public String loadMatrices(List<String> registers, String sharedAddress) {
    int n = registers.size();
    StringBuilder regs = new StringBuilder();
    StringBuilder outs = new StringBuilder();
    for (int i = 0; i < n; i++) {
      regs.append(i == 0 ? "" : ", ").append("%").append(i);
      outs.append(i == 0 ? "" : ", ").append("\"=r\"(").append(registers.get(i)).append(")");
    }
    return asm + " volatile(\"ldmatrix.sync.aligned.m8n8.x" + n + ".shared.b16 {" + regs + "}, [%" + n + "];\" : "
        + outs + " : \"r\"(" + sharedAddress + "));";
  }

  /**
   * {@link CFamilyEmitter#globalFence}: {@code membar.gl}, volatile so that it keeps its place
   * between the barriers and the atomic add around it.
   */
  public String deviceFence() {
    return asm + " volatile(\"membar.gl;\");";
  }

  /** {@link CFamilyEmitter#hardwareRoundBf16}: one {@code cvt.rn.bf16.f32}. */
  public List<String> roundBf16(String x) {
    return List.of(u16 + " h;", asm + "(\"cvt.rn.bf16.f32 %0, %1;\" : \"=h\"(h) : \"f\"(" + x + "));",
        "return " + bitsAsFloat + "((" + u32 + ")h << 16);");
  }

  /** {@link CFamilyEmitter#hardwareFp16}: one {@code cvt.rn.f16.f32}, and back to fp32 for the value. */
  public List<String> fp16(String x, boolean bits) {
    String narrow = asm + "(\"cvt.rn.f16.f32 %0, %1;\" : \"=h\"(h) : \"f\"(" + x + "));";
    if (bits) {
      return List.of(u16 + " h;", narrow, "return h;");
    }
    return List.of(u16 + " h;", "float f;", narrow, asm + "(\"cvt.f32.f16 %0, %1;\" : \"=f\"(f) : \"h\"(h));",
        "return f;");
  }

  /** {@link CFamilyEmitter#hardwareDecode}: fp16 (whose 16 bits are the expression {@code bits}) and fp8. */
  public List<String> decode(DType d, String bits) {
    switch (d) {
      case F16:
        return List.of("float f;", asm + "(\"cvt.f32.f16 %0, %1;\" : \"=f\"(f) : \"h\"(" + bits + "));", "return f;");
      case FP8E4M3:
      case FP8E5M2:
        // exact: every e4m3 / e5m2 value (NaN, infinity, subnormals) is an fp16 value
        return List.of(u32 + " h;", "float f;", fp8PairToHalf2(d, "(" + u16 + ")" + bits),
            asm + "(\"cvt.f32.f16 %0, %1;\" : \"=f\"(f) : \"h\"((" + u16 + ")h));", "return f;");
      default:
        return List.of();
    }
  }

  /** {@link CFamilyEmitter#hardwarePairConversion}: fp8 to fp16 two at a time; to bf16 through fp32, exactly. */
  public List<String> pairConversion(DType fp8, DType to, String two) {
    String decode = fp8PairToHalf2(fp8, two);
    if (to == DType.F16) {
      return List.of(u32 + " h;", decode, "return h;");
    }
    return List.of(u32 + " h, r;", "float lo, hi;", decode,
        asm + "(\"cvt.f32.f16 %0, %1;\" : \"=f\"(lo) : \"h\"((" + u16 + ")h));",
        asm + "(\"cvt.f32.f16 %0, %1;\" : \"=f\"(hi) : \"h\"((" + u16 + ")(h >> 16)));",
        asm + "(\"cvt.rn.bf16x2.f32 %0, %1, %2;\" : \"=r\"(r) : \"f\"(hi), \"f\"(lo));",
        "return r;");
  }

  private String fp8PairToHalf2(DType fp8, String two) {
    String from = fp8 == DType.FP8E4M3 ? "e4m3x2" : "e5m2x2";
    return asm + "(\"cvt.rn.f16x2." + from + " %0, %1;\" : \"=r\"(h) : \"h\"(" + two + "));";
  }

  /**
   * {@link CFamilyEmitter#asyncCopy}, {@code sharedAddress} the destination's 32-bit address in
   * the shared window: 16 bytes bypass L1 ({@code .cg}), 4 and 8 bytes may only go through it.
   */
  public String asyncCopy(String sharedAddress, String src, int bytes, String full) {
    return asm + " volatile(\"cp.async." + (bytes == 16 ? "cg" : "ca") + ".shared.global [%0], [%1], " + bytes
        + ", %2;\" :: \"r\"(" + sharedAddress + "), \"l\"(" + src + "), \"r\"(" + full + " ? " + bytes
        + " : 0) : \"memory\");";
  }

  /** {@link CFamilyEmitter#asyncCommit}. */
  public String asyncCommit() {
    return asm + " volatile(\"cp.async.commit_group;\" ::: \"memory\");";
  }
}
