package dev.kgen.codegen.opencl;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.codegen.c.CFamilyEmitter;
import dev.kgen.codegen.c.HelperLibrary;
import dev.kgen.codegen.c.Ptx;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenCL C for NVIDIA's OpenCL, which compiles inline PTX ({@code __asm__}) as CUDA does: the
 * OpenCL dialect plus what CUDA gets from PTX, namely tensor-core products ({@code mma.sync}),
 * copies into shared memory that bypass the registers ({@code cp.async}), warp shuffles,
 * conversion instructions, vector loads and unrolled register loops. So the kernel is CUDA's,
 * spelled in OpenCL C.
 *
 * <p>The source does not depend on the GPU: the instructions of sm_80 and later (tensor cores,
 * {@code cp.async}, the bf16 conversions; the fp8 ones need sm_89) are guarded by the compute
 * capability in {@link #SM_MACRO} ({@code 90} for sm_90), which the runtime defines when it
 * builds the program ({@code -D KGEN_NV_SM=90}); without it, or on older GPUs, the same portable
 * fallbacks as in CUDA compile instead. Shuffles and the fp16 conversion are not guarded: every
 * NVIDIA GPU has them, and the dialect is meant for NVIDIA's OpenCL only. fp16 is held as its bits ({@code ushort}),
 * as CUDA holds it, so that tensor cores and copies read it as they read bf16.
 */
public final class NvidiaOpenClEmitter extends OpenClEmitter {
  /** The macro the runtime defines to the device's compute capability times ten plus its minor version. */
  public static final String SM_MACRO = "KGEN_NV_SM";
  private static final NvidiaOpenClEmitter INSTANCE = new NvidiaOpenClEmitter();
  private static final String SM80 = SM_MACRO + " >= 80";
  private static final Ptx PTX = new Ptx("__asm__", "ushort", "uint", "as_float");

  private NvidiaOpenClEmitter() {
    super(true);
  }

  /** The OpenCL C source of {@code kernel} for NVIDIA's OpenCL. */
  public static GeneratedKernel emit(Kernel kernel, CodegenOptions options) {
    return INSTANCE.generate(kernel, options);
  }

  /** The dialect's hooks, for tools and tests. */
  public static CFamilyEmitter dialect() {
    return INSTANCE;
  }

  /** The build option that tells the source the compute capability ({@code major * 10 + minor}). */
  public static String buildOption(int computeCapability) {
    return "-D " + SM_MACRO + "=" + computeCapability;
  }

  @Override
  public String storageType(DType d) {
    return d == DType.F16 ? "ushort" : super.storageType(d);
  }

  /** fp16 as bits, decoded by the C family's helper (one conversion instruction here). */
  @Override
  public String loadElement(DType d, String base, String index, HelperLibrary helpers) {
    return d == DType.F16 ? loadAsBits(d, base, index, helpers) : super.loadElement(d, base, index, helpers);
  }

  @Override
  public String storeElement(DType d, String base, String index, String value, HelperLibrary helpers) {
    return d == DType.F16 ? storeAsBits(d, base, index, value, helpers) : super.storeElement(d, base, index, value, helpers);
  }

  /**
   * A device-wide fence in PTX ({@code membar.gl}): what OpenCL C's {@code mem_fence} promises
   * reaches only the work-group.
   */
  @Override
  public String globalFence() {
    return PTX.deviceFence();
  }

  @Override
  public boolean vectorLoads(DType d) {
    return true;
  }

  @Override
  public List<String> preamble(boolean usesFp64) {
    List<String> lines = new ArrayList<>(super.preamble(usesFp64));
    lines.add("// " + SM_MACRO + ": the compute capability (90 for sm_90), defined by kgen's runtime when it builds the program");
    lines.add("#ifndef " + SM_MACRO);
    lines.add("#define " + SM_MACRO + " 0");
    lines.add("#endif");
    lines.add("// a lane's float as held by the lane whose index differs by the bits of m");
    lines.add("static inline float kgen_shfl_xor(float v, int m) {");
    lines.add("  float r;");
    lines.add("  __asm__ volatile(\"shfl.sync.bfly.b32 %0, %1, %2, 0x1f, 0xffffffff;\" : \"=f\"(r) : \"f\"(v), \"r\"(m));");
    lines.add("  return r;");
    lines.add("}");
    return lines;
  }

  @Override
  public String unrollPragma() {
    return "#pragma unroll";
  }

  @Override
  public int warpSize() {
    return 32;
  }

  @Override
  public String shuffleXor(String value, int laneMask) {
    return "kgen_shfl_xor(" + value + ", " + laneMask + ")";
  }

  @Override
  public boolean hasTensorCoreDot() {
    return true;
  }

  @Override
  public String tensorCoreMultiplyAdd(DType d) {
    return PTX.multiplyAdd(d);
  }

  @Override
  public String tensorCoreLoadMatrices(List<String> registers, String sharedPointer) {
    return PTX.loadMatrices(registers, sharedAddress(sharedPointer));
  }

  /** A {@code __local} pointer's value is its 32-bit address in the shared window. */
  private static String sharedAddress(String pointer) {
    return "(uint)(ulong)(" + pointer + ")";
  }

  @Override
  public String tensorCoreCondition() {
    return SM80;
  }

  @Override
  public List<String> hardwareRoundBf16(String x) {
    return PTX.roundBf16(x);
  }

  @Override
  public String hardwareRoundBf16Condition() {
    return SM80;
  }

  @Override
  public List<String> hardwareDecode(DType d, String bits) {
    return PTX.decode(d, d == DType.F16 ? "(ushort)" + bits : bits);
  }

  @Override
  public List<String> hardwareFp16(String x, boolean bits) {
    return PTX.fp16(x, bits);
  }

  @Override
  public List<String> hardwarePairConversion(DType fp8, DType to, String two) {
    return PTX.pairConversion(fp8, to, two);
  }

  @Override
  public String hardwareDecodeCondition(DType d) {
    return d == DType.F16 ? null : SM_MACRO + " >= 89";
  }

  @Override
  public boolean hasAsyncCopy() {
    return true;
  }

  /** A {@code __local} pointer's value is its address in the shared window, which {@code cp.async} takes. */
  @Override
  public String asyncCopy(String dst, String src, int bytes, String full) {
    return PTX.asyncCopy(sharedAddress(dst), src, bytes, full);
  }

  @Override
  public String asyncCommit() {
    return PTX.asyncCommit();
  }

  /** A macro body: {@code pending} is the macro's parameter, pasted into the instruction as an immediate. */
  @Override
  public String asyncWait(String pending) {
    return "__asm__ volatile(\"cp.async.wait_group \" #" + pending + " \";\" ::: \"memory\")";
  }

  @Override
  public String asyncCopyCondition() {
    return SM80;
  }
}
