package dev.kgen.codegen.c;

import dev.kgen.ir.BinaryOp;
import dev.kgen.ir.DType;
import java.util.List;
import java.util.function.Function;

/**
 * Prints the tensor-core product helpers ({@link Helper#MMA_BF16} and the others):
 * {@code C[M][N] = A[M][K] x B[K][N]} with fp32 accumulation, A row-major and B transposed in
 * shared memory, C row-major fp32 in shared memory. Each warp takes a group of 16x8 tiles of C
 * in one row of tiles and runs the dialect's tensor-core instruction over K in steps of 16
 * (operand registers as the PTX ISA lays out m16n8k16: lane = 4 * g + t); without tensor cores
 * the same tiles are summed by scalar FMA.
 *
 * <p>How a warp reads its operand fragments:
 * <ul>
 *   <li>16-bit B whose rows are 16-byte pieces (the row pitches, which every call passes as
 *       literals, decide it at compile time): {@code ldmatrix}, one instruction for A's four
 *       registers and one for two tiles of B, where 32-bit reads took twelve per k step of a
 *       group of four tiles. A's rows padded by 8 elements and the cache's layouts of K and V
 *       put each 8x8 matrix's rows in distinct banks, or two ways, as the 32-bit reads were;</li>
 *   <li>otherwise, and for fp8 B, one aligned 32-bit read per register (fp8: a 16-bit read per
 *       pair of bytes). Reading four consecutive k per lane instead (a 64-bit read of A, one
 *       32-bit read of B; the product sums over k in any order) was measured slower on
 *       {@code llama8b_fp8kv}: 9% more instructions and 1.5% more time (PERFORMANCE.md step 44).</li>
 * </ul>
 */
final class TensorCoreProductHelper {
  /**
   * Tiles a warp of the tensor-core product computes side by side: it reads each A fragment once
   * per k step for all of them, instead of once per tile (A was more than half the shared-memory
   * reads of attention's two products). Four keep 16 accumulators per thread.
   */
  private static final int MMA_GROUP = 4;
  private final CFamilyEmitter d;
  private final CodeWriter w;
  private final IntrinsicTable t;

  TensorCoreProductHelper(CFamilyEmitter d, CodeWriter w) {
    this.d = d;
    this.w = w;
    this.t = d.intrinsics();
  }

  void print(Helper h) {
    boolean converted = converted(h);
    w.line("// C[m][n] = sum over k of A[m][k] * B[k][n] in fp32 on tensor cores; A row-major and B transposed as "
        + h.dtype() + " bits in shared memory, rows of kpa and kpb elements (B's columns in groups of gb, gsb elements"
        + " apart: B[k][n] at bt[k / gb * gsb + n * kpb + k % gb]); C row-major fp32 in shared memory, rows of ldc.");
    w.line("// Each warp computes a group of up to " + MMA_GROUP + " 16x8 tiles side by side in one row of tiles, so it reads"
        + " each A fragment once per k step for the whole group.");
    if (converted) {
      w.line("// B is stored as " + h.stored() + " bytes and converted to " + h.dtype() + " (exactly) as its fragments are read;"
          + " C is the product times scale, in fp32.");
    }
    w.open(d.helperQualifiers() + " void " + h.functionName() + "(" + d.sharedPointerType("const " + d.storageType(h.dtype()))
        + " as, " + d.sharedPointerType("const " + d.storageType(h.stored())) + " bt, " + d.sharedPointerType("float") + " c, int m, int n, int k, int kpa, int kpb, int gb, int gsb, int ldc, int tid, int threads"
        + (converted ? ", float scale" : "") + ")");
    w.line("const int lane = tid & 31, g = lane >> 2, t = lane & 3, warps = threads >> 5, tilesN = n / 8;");
    w.line("const int wanted = ((m / 16) * tilesN + warps - 1) / warps;");
    w.line("const int group = wanted < " + MMA_GROUP + " ? wanted : " + MMA_GROUP + ";");
    w.line("const int groupsN = (tilesN + group - 1) / group;");
    w.open("for (int gi = tid >> 5; gi < (m / 16) * groupsN; gi += warps)");
    w.line("const int m0 = gi / groupsN * 16, first = gi % groupsN * group;");
    w.line("const int count = tilesN - first < group ? tilesN - first : group;");
    w.line("float acc[" + MMA_GROUP + "][4];");
    w.line("#pragma unroll");
    w.line("for (int j = 0; j < " + MMA_GROUP + "; ++j) acc[j][0] = acc[j][1] = acc[j][2] = acc[j][3] = 0.0f;");
    w.directive("#if " + d.tensorCoreCondition());
    if (h.dtype() == DType.F16 && d.isCxx()) {
      // only the scalar branch decodes A: an unused static function is a warning
      w.line("(void)" + Helper.decode(DType.F16).functionName() + ";");
    }
    if (converted) {
      wordPerRegister(h);
    } else {
      w.open("if (kpa % 8 == 0 && kpb % 8 == 0 && gb % 8 == 0 && gsb % 8 == 0)");
      matrices(h);
      w.reopen("} else {");
      wordPerRegister(h);
      w.close();
    }
    w.directive("#else");
    scalar(h);
    w.directive("#endif");
    store(h);
    w.close();
    w.close();
  }

  /** {@code ldmatrix}: lane l addresses row l % 8 of matrix l / 8 (A: rows 0-15 then 8 columns on). */
  private void matrices(Helper h) {
    String bPtr = d.sharedPointerType("const " + d.storageType(h.stored()));
    w.open("for (int k0 = 0; k0 < k; k0 += 16)");
    w.line("unsigned int a0, a1, a2, a3;");
    w.line(d.tensorCoreLoadMatrices(List.of("a0", "a1", "a2", "a3"),
        "as + (m0 + (lane & 15)) * kpa + k0 + (lane >> 4) * 8"));
    w.line("#pragma unroll");
    w.open("for (int j = 0; j < " + MMA_GROUP + "; j += 2)");
    w.open("if (j < count)");
    // lanes 0-15 address tile j's rows (k0 and k0 + 8), lanes 16-31 tile j + 1's
    w.line("const int bn = (first + j + (lane >> 4)) * 8 + (lane & 7), bk = k0 + (lane >> 3 & 1) * 8;");
    w.line(bPtr + " b = bt + bn * kpb + bk / gb * gsb + bk % gb;");
    w.line("unsigned int p0, p1, p2, p3;");
    w.open("if (j + 1 < count)");
    w.line(d.tensorCoreLoadMatrices(List.of("p0", "p1", "p2", "p3"), "b"));
    w.reopen("} else {");
    w.line(d.tensorCoreLoadMatrices(List.of("p0", "p1"), "b"));
    w.line("p2 = p3 = 0u;");
    w.close();
    multiplyAdd(h.dtype(), "j", "p0", "p1");
    w.open("if (j + 1 < count)");
    multiplyAdd(h.dtype(), "j + 1", "p2", "p3");
    w.close();
    w.close();
    w.close();
    w.close();
  }

  /** One aligned 32-bit read per operand register (16-bit B), or per pair of fp8 bytes. */
  private void wordPerRegister(Helper h) {
    String u32 = d.sharedPointerType("const unsigned int");
    Function<String, String> pairB = !converted(h) ? at -> "*(" + u32 + ")(" + at + ")"
        : at -> h.functionName() + "_pair(*(" + d.sharedPointerType("const unsigned short") + ")(" + at + "))";
    w.line(d.sharedPointerType("const " + d.storageType(h.dtype())) + " a = as + (m0 + g) * kpa + 2 * t;");
    w.open("for (int k0 = 0; k0 < k; k0 += 16)");
    w.line("const unsigned int a0 = *(" + u32 + ")(a + k0), a1 = *(" + u32 + ")(a + 8 * kpa + k0);");
    w.line("const unsigned int a2 = *(" + u32 + ")(a + k0 + 8), a3 = *(" + u32 + ")(a + 8 * kpa + k0 + 8);");
    w.line("#pragma unroll");
    w.open("for (int j = 0; j < " + MMA_GROUP + "; ++j)");
    w.open("if (j < count)");
    w.line(d.sharedPointerType("const " + d.storageType(h.stored())) + " b = bt + ((first + j) * 8 + g) * kpb + 2 * t;");
    w.line("const unsigned int b0 = " + pairB.apply("b + k0 / gb * gsb + k0 % gb") + ", b1 = "
        + pairB.apply("b + (k0 + 8) / gb * gsb + (k0 + 8) % gb") + ";");
    multiplyAdd(h.dtype(), "j", null, null);
    w.close();
    w.close();
    w.close();
  }

  /** Whether B is stored as fp8 bytes, converted to A's dtype as its fragments are read. */
  private static boolean converted(Helper h) {
    return h.stored() != h.dtype();
  }

  /**
   * {@code acc[tile] += A x B} for one tile, with A in {@code a0..a3}; B's registers in
   * {@code b0, b1}, or copied there from {@code from0, from1} when those are not null.
   */
  private void multiplyAdd(DType dtype, String tile, String from0, String from1) {
    w.open("");
    if (from0 != null) {
      w.line("const unsigned int b0 = " + from0 + ", b1 = " + from1 + ";");
    }
    w.line("float c0 = acc[" + tile + "][0], c1 = acc[" + tile + "][1], c2 = acc[" + tile + "][2], c3 = acc[" + tile + "][3];");
    w.line(d.tensorCoreMultiplyAdd(dtype));
    w.line("acc[" + tile + "][0] = c0; acc[" + tile + "][1] = c1; acc[" + tile + "][2] = c2; acc[" + tile + "][3] = c3;");
    w.close();
  }

  /** Without tensor cores: the same tiles summed by scalar FMA over k. */
  private void scalar(Helper h) {
    Function<String, String> decode = h.dtype() == DType.BF16
        ? bits -> t.apply(Fn.UINT_AS_FLOAT, DType.F32, "(unsigned int)" + bits + " << 16")
        : bits -> Helper.decode(h.dtype()).functionName() + "(" + bits + ")";
    // B's elements: its bits, or fp8 bytes decoded exactly
    Function<String, String> decodeB = !converted(h) ? decode
        : bits -> Helper.decode(h.stored()).functionName() + "(" + bits + ")";
    w.open("for (int kk = 0; kk < k; ++kk)");
    w.line("const float a_0 = " + decode.apply("as[(m0 + g) * kpa + kk]") + ", a_8 = "
        + decode.apply("as[(m0 + g + 8) * kpa + kk]") + ";");
    w.line("#pragma unroll");
    w.open("for (int j = 0; j < " + MMA_GROUP + "; ++j)");
    w.open("if (j < count)");
    w.line("const int n0 = (first + j) * 8;");
    w.line("const float b_0 = " + decodeB.apply("bt[(n0 + 2 * t) * kpb + kk / gb * gsb + kk % gb]") + ", b_1 = "
        + decodeB.apply("bt[(n0 + 2 * t + 1) * kpb + kk / gb * gsb + kk % gb]") + ";");
    w.line(fmaLine(0, "a_0", "b_0") + " " + fmaLine(1, "a_0", "b_1"));
    w.line(fmaLine(2, "a_8", "b_0") + " " + fmaLine(3, "a_8", "b_1"));
    w.close();
    w.close();
    w.close();
  }

  /** {@code acc[j][i] = fma(a, b, acc[j][i]);} in the dialect's spelling. */
  private String fmaLine(int i, String a, String b) {
    String acc = "acc[j][" + i + "]";
    return acc + " = " + t.apply(Fn.FMA, DType.F32, a, b, acc) + ";";
  }

  /** The group's tiles into C, times the scale for fp8 B. */
  private void store(Helper h) {
    w.line("#pragma unroll");
    w.open("for (int j = 0; j < " + MMA_GROUP + "; ++j)");
    w.open("if (j < count)");
    w.line("const int n0 = (first + j) * 8;");
    // pairs as one 8-byte store: a half-warp then writes 4 rows of 32 bytes, which fill the 32
    // banks whatever ldc is (two 4-byte stores put rows g and g + 4 in the same banks when ldc % 32 == 8)
    Function<String, String> scaled = !converted(h) ? x -> x
        : x -> t.apply(Fn.of(BinaryOp.MUL), DType.F32, x, "scale");
    w.line("*(" + d.sharedPointerType("float2") + ")(c + (m0 + g) * ldc + n0 + 2 * t) = " + d.float2Of(scaled.apply("acc[j][0]"),
        scaled.apply("acc[j][1]")) + ";");
    w.line("*(" + d.sharedPointerType("float2") + ")(c + (m0 + g + 8) * ldc + n0 + 2 * t) = " + d.float2Of(scaled.apply("acc[j][2]"),
        scaled.apply("acc[j][3]")) + ";");
    w.close();
    w.close();
  }
}
