package dev.kgen.codegen.c;

import dev.kgen.ir.BinaryOp;
import dev.kgen.ir.DType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Records which {@link Helper}s a kernel uses and prints their definitions in the dialect. The
 * helpers are plain C over the dialect's bit casts and a few math functions, so CUDA needs no
 * header and OpenCL no {@code cl_khr_fp16}.
 */
public final class HelperLibrary {
  private final Set<Helper> used = EnumSet.noneOf(Helper.class);

  /** Marks {@code h} (and what it calls) as used; returns its function name. */
  public String use(Helper h) {
    used.add(h);
    h.dependencies().forEach(this::use);
    return h.functionName();
  }

  /** Marks the helper called {@code functionName} as used, if it is one. */
  public void useIfHelper(String functionName) {
    Helper h = Helper.byFunctionName(functionName);
    if (h != null) {
      use(h);
    }
  }

  /** The helpers used so far, in print order. */
  public Set<Helper> used() {
    return java.util.Collections.unmodifiableSet(EnumSet.copyOf(used));
  }

  /** Prints every used helper, in {@link Helper} order, each followed by a blank line. */
  public void render(CFamilyEmitter d, CodeWriter w) {
    for (Helper h : used) {
      new Printer(d, w).print(h);
      w.directive("");
    }
  }

  /** Prints one helper. */
  private static final class Printer {
    private final CFamilyEmitter d;
    private final CodeWriter w;
    private final IntrinsicTable t;
    private final String q;

    Printer(CFamilyEmitter d, CodeWriter w) {
      this.d = d;
      this.w = w;
      this.t = d.intrinsics();
      this.q = d.helperQualifiers();
    }

    private String asUint(String x) {
      return t.apply(Fn.FLOAT_AS_UINT, DType.F32, x);
    }

    private String asFloat(String x) {
      return t.apply(Fn.UINT_AS_FLOAT, DType.F32, x);
    }

    private String f(double v) {
      return d.literal(v, DType.F32);
    }

    private static String hex(int v) {
      return "0x" + Integer.toHexString(v) + "u";
    }

    void print(Helper h) {
      switch (h) {
        case ROUND_BF16:
          roundBf16();
          break;
        case ROUND_FP16:
        case ROUND_FP8E4M3:
        case ROUND_FP8E5M2:
          round(h, MiniFormat.of(h.dtype()));
          break;
        case DECODE_BF16:
          w.line("// the exact value of bf16 bits: the high half of an fp32");
          w.open(q + " float " + h.functionName() + "(" + d.storageType(DType.BF16) + " bits)");
          w.line("return " + asFloat("(unsigned int)bits << 16") + ";");
          w.close();
          break;
        case DECODE_FP16:
        case DECODE_FP8E4M3:
        case DECODE_FP8E5M2:
          decode(h, MiniFormat.of(h.dtype()));
          break;
        case ENCODE_BF16:
          encodeBf16(h);
          break;
        case ENCODE_FP16:
        case ENCODE_FP8E4M3:
        case ENCODE_FP8E5M2:
          encode(h, MiniFormat.of(h.dtype()));
          break;
        case MMA_FP16:
        case MMA_BF16:
          new TensorCoreProductHelper(d, w).print(h);
          break;
        case MMA_FP16_E4M3:
        case MMA_FP16_E5M2:
        case MMA_BF16_E4M3:
        case MMA_BF16_E5M2:
          convertedPair(h);
          new TensorCoreProductHelper(d, w).print(h);
          break;
        case ASYNC_COPY_4:
          asyncCopy(4);
          break;
        case ASYNC_COPY_8:
          asyncCopy(8);
          break;
        case ASYNC_COPY_16:
          asyncCopy(16);
          break;
        case ASYNC_COPY_GROUPS:
          asyncCopyGroups();
          break;
        default:
          maxMin(h);
          break;
      }
    }

    private void roundBf16() {
      w.line("// x rounded to the nearest bf16, ties to even; NaN stays NaN, overflow becomes infinity");
      w.open(q + " float " + Helper.ROUND_BF16.functionName() + "(float x)");
      List<String> hardware = d.hardwareRoundBf16("x");
      if (!hardware.isEmpty()) {
        w.directive("#if " + d.hardwareRoundBf16Condition());
        hardware.forEach(w::line);
        w.directive("#else");
      }
      w.line("if (x != x) return x;");
      w.line("unsigned int u = " + asUint("x") + ";");
      w.line("return " + asFloat("(u + 0x7fffu + ((u >> 16) & 1u)) & 0xffff0000u") + ";");
      if (!hardware.isEmpty()) {
        w.directive("#endif");
      }
      w.close();
    }

    private void round(Helper h, MiniFormat m) {
      String abs = t.apply(Fn.ABS, DType.F32, "x");
      String overflow = m.hasInfinity() ? d.literal(Double.POSITIVE_INFINITY, DType.F32) : f(m.maxFinite());
      w.line("// x rounded to the nearest " + m.dtype() + ", ties to even; NaN stays NaN, magnitudes from "
          + DecimalText.ofDouble(m.overflowThreshold()) + (m.hasInfinity() ? " become infinity" : " saturate to "
          + DecimalText.ofDouble(m.maxFinite())));
      w.open(q + " float " + h.functionName() + "(float x)");
      List<String> hardware = m.dtype() == DType.F16 ? d.hardwareFp16("x", false) : List.of();
      if (!hardware.isEmpty()) {
        hardware.forEach(w::line);
        w.close();
        return;
      }
      w.line("float a = " + abs + ";");
      w.line("if (a != a) return x;");
      w.line("if (a >= " + f(m.overflowThreshold()) + ") return " + t.apply(Fn.COPYSIGN, DType.F32, overflow, "x") + ";");
      w.line("int e = (int)(" + asUint("a") + " >> 23) - 127;");
      w.line("if (e < " + m.minExponent() + ") e = " + m.minExponent() + ";");
      w.line("float up = " + asFloat("(unsigned int)(" + (127 + m.mantBits()) + " - e) << 23") + ";");
      w.line("float down = " + asFloat("(unsigned int)(" + (127 - m.mantBits()) + " + e) << 23") + ";");
      w.line("return " + t.apply(Fn.COPYSIGN, DType.F32, t.apply(Fn.RINT, DType.F32, "a * up") + " * down", "x") + ";");
      w.close();
    }

    private void decode(Helper h, MiniFormat m) {
      int mant = m.mantBits();
      w.line("// the exact value of " + m.dtype() + " bits");
      w.open(q + " float " + h.functionName() + "(" + d.storageType(m.dtype()) + " bits)");
      List<String> hardware = d.hardwareDecode(m.dtype(), "bits");
      String condition = d.hardwareDecodeCondition(m.dtype());
      if (!hardware.isEmpty()) {
        if (condition == null) {
          hardware.forEach(w::line);
          w.close();
          return;
        }
        w.directive("#if " + condition);
        hardware.forEach(w::line);
        w.directive("#else");
      }
      w.line("unsigned int exp = ((unsigned int)bits >> " + mant + ") & " + hex(m.expAll()) + ";");
      w.line("unsigned int mant = (unsigned int)bits & " + hex(m.mantAll()) + ";");
      w.line("float mag;");
      if (m.hasInfinity()) {
        w.line("if (exp == " + hex(m.expAll()) + ") mag = mant == 0u ? " + f(Double.POSITIVE_INFINITY) + " : "
            + f(Double.NaN) + ";");
      } else {
        w.line("if (exp == " + hex(m.expAll()) + " && mant == " + hex(m.mantAll()) + ") mag = " + f(Double.NaN) + ";");
      }
      w.line("else if (exp == 0u) mag = (float)mant * " + f(m.subnormalUlp()) + ";");
      w.line("else mag = " + asFloat("((exp + " + (127 - m.bias()) + "u) << 23) | (mant << " + (23 - mant) + ")") + ";");
      w.line("return ((unsigned int)bits >> " + (m.bits() - 1) + ") & 1u ? -mag : mag;");
      if (!hardware.isEmpty()) {
        w.directive("#endif");
      }
      w.close();
    }

    private void encodeBf16(Helper h) {
      MiniFormat m = MiniFormat.of(DType.BF16);
      String st = d.storageType(DType.BF16);
      w.line("// the bits of x rounded to bf16 (ties to even); NaN becomes the canonical " + hex(m.nanBits()));
      w.open(q + " " + st + " " + h.functionName() + "(float x)");
      w.line("if (x != x) return (" + st + ")" + hex(m.nanBits()) + ";");
      w.line("unsigned int u = " + asUint("x") + ";");
      w.line("return (" + st + ")((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);");
      w.close();
    }

    private void encode(Helper h, MiniFormat m) {
      String st = d.storageType(m.dtype());
      int mant = m.mantBits();
      w.line("// the bits of x rounded to " + m.dtype() + "; NaN becomes the canonical " + hex(m.nanBits()));
      w.open(q + " " + st + " " + h.functionName() + "(float x)");
      List<String> hardware = m.dtype() == DType.F16 ? d.hardwareFp16("x", true) : List.of();
      if (!hardware.isEmpty()) {
        if (d.isCxx()) {
          w.line("(void)" + Helper.round(m.dtype()).functionName() + ";"); // an unused static function is a warning
        }
        w.line("if (x != x) return (" + st + ")" + hex(m.nanBits()) + ";");
        hardware.forEach(w::line);
        w.close();
        return;
      }
      w.line("float r = " + Helper.round(m.dtype()).functionName() + "(x);");
      w.line("if (r != r) return (" + st + ")" + hex(m.nanBits()) + ";");
      w.line("unsigned int sign = (" + asUint("r") + " >> 31) << " + (m.bits() - 1) + ";");
      w.line("float a = " + t.apply(Fn.ABS, DType.F32, "r") + ";");
      if (m.hasInfinity()) {
        w.line("if (a == " + f(Double.POSITIVE_INFINITY) + ") return (" + st + ")(sign | " + hex(m.infinityBits()) + ");");
      }
      w.line("if (a < " + f(m.minNormal()) + ") return (" + st + ")(sign | (unsigned int)(a * "
          + f(1 / m.subnormalUlp()) + "));");
      w.line("unsigned int u = " + asUint("a") + ";");
      w.line("return (" + st + ")(sign | (((u >> 23) - " + (127 - m.bias()) + "u) << " + mant + ") | ((u & 0x7fffffu) >> "
          + (23 - mant) + "));");
      w.close();
    }

    /** An fp8 element's value, exactly (as fp32, and as the product's dtype: every fp8 value is one). */
    private String convertedElement(Helper h, String bits) {
      return Helper.decode(h.stored()).functionName() + "(" + bits + ")";
    }

    /**
     * {@code <product>_pair(two)}: two fp8 B elements (the low byte first) as the 16-bit operand
     * bits of the product's dtype, exactly, packed low element first. The scale is not applied
     * here: the product multiplies its fp32 result by it ({@link #tensorCoreProduct}).
     */
    private void convertedPair(Helper h) {
      w.line("// two " + h.stored() + " elements, the low byte first, as " + h.dtype()
          + " bits (exactly); packed low element first");
      w.open(q + " unsigned int " + h.functionName() + "_pair(unsigned short two)");
      String decode = Helper.decode(h.stored()).functionName();
      List<String> hardware = d.hardwarePairConversion(h.stored(), h.dtype(), "two");
      if (!hardware.isEmpty()) {
        w.directive("#if " + d.hardwareDecodeCondition(h.stored()));
        // the helpers of the other branch stay referenced: an unused static function is a warning
        List<String> others = new java.util.ArrayList<>(List.of(decode));
        if (h.dtype() != DType.BF16) {
          others.add(Helper.encode(h.dtype()).functionName());
        }
        if (d.isCxx()) {
          others.forEach(f -> w.line("(void)" + f + ";"));
        }
        hardware.forEach(w::line);
        w.directive("#else");
      }
      for (String half : List.of("lo", "hi")) {
        String bits = half.equals("lo") ? "(unsigned char)two" : "(unsigned char)(two >> 8)";
        String value = convertedElement(h, bits);
        String stored = h.dtype() == DType.BF16 ? asUint(value) + " >> 16"
            : "(unsigned int)" + Helper.encode(h.dtype()).functionName() + "(" + value + ")";
        w.line("const unsigned int " + half + " = " + stored + ";");
      }
      w.line("return lo | hi << 16;");
      if (!hardware.isEmpty()) {
        w.directive("#endif");
      }
      w.close();
    }

    /**
     * {@code kgen_copy_asyncB(dst, src, full)}: a copy of B bytes from global to shared memory that
     * bypasses the registers; where the instruction does not compile, a plain load and store.
     */
    private void asyncCopy(int bytes) {
      String vt = d.vectorLoadType(bytes);
      String zero = d.vectorOf(java.util.Collections.nCopies(bytes / 4, "0u"));
      w.line("// copies " + bytes + " bytes global -> shared without the registers, in the background; one that is not full"
          + " writes zeros and reads nothing");
      w.open(q + " void " + Helper.asyncCopy(bytes).functionName() + "(" + d.sharedPointerType("void") + " dst, "
          + d.globalPointerType("const void") + " src, " + d.computeType(DType.I1) + " full)");
      w.directive("#if " + d.asyncCopyCondition());
      w.line(d.asyncCopy("dst", "src", bytes, "full"));
      w.directive("#else");
      w.line("*(" + d.sharedPointerType(vt) + ")dst = full ? *(" + d.globalPointerType("const " + vt) + ")src : " + zero + ";");
      w.directive("#endif");
      w.close();
    }

    /** {@code kgen_copy_commit()} closes a group of copies, {@code kgen_copy_wait<N>()} waits until N groups are left. */
    private void asyncCopyGroups() {
      w.line("// the copies started since the last commit form a group; a wait leaves at most N groups unfinished");
      w.open(q + " void " + Helper.ASYNC_COPY_GROUPS.functionName() + "()");
      w.directive("#if " + d.asyncCopyCondition());
      w.line(d.asyncCommit());
      w.directive("#endif");
      w.close();
      if (!d.isCxx()) {
        w.directive("#if " + d.asyncCopyCondition());
        w.directive("#define kgen_copy_wait(N) " + d.asyncWait("N"));
        w.directive("#else");
        w.directive("#define kgen_copy_wait(N)");
        w.directive("#endif");
        return;
      }
      w.line("template <int N>");
      w.open(q + " void kgen_copy_wait()");
      w.directive("#if " + d.asyncCopyCondition());
      w.line(d.asyncWait("N"));
      w.directive("#endif");
      w.close();
    }

    private void maxMin(Helper h) {
      boolean max = h == Helper.MAX_F32 || h == Helper.MAX_F64;
      String type = d.computeType(h.dtype());
      w.line("// " + (max ? "max" : "min") + " as the interpreter defines it: NaN propagates, "
          + (max ? "max(-0, +0) is +0" : "min(-0, +0) is -0"));
      w.open(q + " " + type + " " + h.functionName() + "(" + type + " a, " + type + " b)");
      w.line("if (a != a || b != b) return a + b;");
      w.line("if (a == 0 && b == 0) return " + (max ? "a + b" : "-(-a - b)") + ";");
      w.line("return a " + (max ? ">" : "<") + " b ? a : b;");
      w.close();
    }
  }
}
