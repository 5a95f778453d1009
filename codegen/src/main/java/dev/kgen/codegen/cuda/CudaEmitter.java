package dev.kgen.codegen.cuda;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.codegen.c.CFamilyEmitter;
import dev.kgen.codegen.c.IntrinsicTable;
import dev.kgen.codegen.c.Ptx;
import dev.kgen.errors.KgenInternalError;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import java.util.List;
import java.util.Set;

/**
 * CUDA C++ for NVRTC or nvcc: an {@code extern "C" __global__} kernel with {@code
 * __launch_bounds__}, one program per thread block, no {@code #include}. Only the hooks differ
 * from OpenCL; the lowering is {@link CFamilyEmitter}'s.
 */
public final class CudaEmitter extends CFamilyEmitter {
  private static final CudaEmitter INSTANCE = new CudaEmitter();
  private static final String[] AXES = {"x", "y", "z"};
  /** Device code for sm_80 or later: bf16 conversions and asynchronous copies. */
  private static final String DEVICE_SM80 = "defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800";
  private static final Ptx PTX = new Ptx("asm", "unsigned short", "unsigned int", "__uint_as_float");
  private CudaEmitter() {}

  /** The CUDA source of {@code kernel}. */
  public static GeneratedKernel emit(Kernel kernel, CodegenOptions options) {
    return INSTANCE.generate(kernel, options);
  }

  /** The CUDA source of {@code kernel} with {@link CodegenOptions#DEFAULT}. */
  public static GeneratedKernel emit(Kernel kernel) {
    return emit(kernel, CodegenOptions.DEFAULT);
  }

  /** The dialect's hooks (its intrinsic table, type names, ...), for tools and tests. */
  public static CFamilyEmitter dialect() {
    return INSTANCE;
  }

  @Override
  public String language() {
    return "cuda";
  }

  @Override
  public IntrinsicTable intrinsics() {
    return CudaIntrinsics.TABLE;
  }

  @Override
  public Set<String> reservedWords() {
    return Set.of("__global__", "__device__", "__shared__", "__restrict__", "__launch_bounds__", "__syncthreads",
        "__shfl_xor_sync", "__builtin_assume", "asm");
  }

  @Override
  public String computeType(DType d) {
    switch (d) {
      case I1:
        return "bool";
      case I32:
        return "int";
      case I64:
        return "long long";
      case F64:
        return "double";
      default:
        return "float";
    }
  }

  @Override
  public String storageType(DType d) {
    switch (d) {
      case I1:
      case FP8E4M3:
      case FP8E5M2:
        return "unsigned char";
      case F16:
      case BF16:
        return "unsigned short";
      default:
        return computeType(d);
    }
  }

  @Override
  public String scalarParamDecl(DType d, String name) {
    return (d == DType.I1 ? "int" : computeType(d)) + " " + name;
  }

  @Override
  public String pointerParamDecl(DType d, String name, boolean readOnly) {
    return readOnly ? "const " + storageType(d) + "* __restrict__ " + name : storageType(d) + "* " + name;
  }

  @Override
  public List<String> preamble(boolean usesFp64) {
    return List.of();
  }

  @Override
  public String kernelQualifiers(int threadsPerProgram) {
    return "extern \"C\" __global__ void __launch_bounds__(" + threadsPerProgram + ")";
  }

  @Override
  public String helperQualifiers() {
    return "static __device__ __forceinline__";
  }

  @Override
  public String threadIndex() {
    return "(int)threadIdx.x";
  }

  @Override
  public String threadRangeAssumption(String tid, int threads) {
    return "__builtin_assume(" + tid + " >= 0 && " + tid + " < " + threads + ");";
  }

  @Override
  public String programId(int axis) {
    return "(int)blockIdx." + axis(axis);
  }

  @Override
  public String numPrograms(int axis) {
    return "(int)gridDim." + axis(axis);
  }

  private static String axis(int axis) {
    if (axis < 0 || axis > 2) {
      throw new KgenInternalError("grid axis " + axis + " is not 0, 1 or 2");
    }
    return AXES[axis];
  }

  @Override
  public String barrier() {
    return "__syncthreads();";
  }

  @Override
  public String globalFence() {
    return "__threadfence();";
  }

  @Override
  public String atomicAdd(String address, String value) {
    return "atomicAdd(" + address + ", " + value + ")";
  }

  @Override
  public String sharedBufferDecl(String name, int bytes) {
    if (sharedIsDynamic(bytes)) {
      return "extern __shared__ __align__(16) unsigned char " + name + "[];";
    }
    return "__shared__ __align__(16) unsigned char " + name + "[" + bytes + "];";
  }

  /** Static shared memory ends at 48 KiB; a block opts in to more, sized at launch. */
  @Override
  public boolean sharedIsDynamic(int bytes) {
    return bytes > STATIC_SHARED_BYTES;
  }

  @Override
  public String sharedPointerType(String elementType) {
    return elementType + "*";
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
    return "__shfl_xor_sync(0xffffffffu, " + value + ", " + laneMask + ")";
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

  /** The 32-bit address in the shared window of a generic pointer into shared memory. */
  private static String sharedAddress(String pointer) {
    return "(unsigned int)__cvta_generic_to_shared(" + pointer + ")";
  }

  /** One {@code cvt.rn.bf16.f32} (sm_80+) instead of six integer instructions: the fp8 KV path rounds every element. */
  @Override
  public List<String> hardwareRoundBf16(String x) {
    return PTX.roundBf16(x);
  }

  @Override
  public String hardwareRoundBf16Condition() {
    return DEVICE_SM80;
  }

  @Override
  public List<String> hardwareDecode(DType d, String bits) {
    return PTX.decode(d, bits);
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
    return d == DType.F16 ? null : "defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 890";
  }

  @Override
  public String vectorLoadType(int bytes) {
    return bytes == 16 ? "uint4" : bytes == 8 ? "uint2" : bytes == 4 ? "unsigned int" : null;
  }

  @Override
  public String vectorOf(List<String> words) {
    return words.size() == 1 ? words.get(0) : "make_uint" + words.size() + "(" + String.join(", ", words) + ")";
  }

  @Override
  public boolean hasAsyncCopy() {
    return true;
  }

  /** {@code cp.async}: 16 bytes bypass L1 ({@code .cg}), 4 and 8 bytes may only go through it ({@code .ca}). */
  @Override
  public String asyncCopy(String dst, String src, int bytes, String full) {
    return PTX.asyncCopy(sharedAddress(dst), src, bytes, full);
  }

  @Override
  public String asyncCommit() {
    return PTX.asyncCommit();
  }

  @Override
  public String asyncWait(String pending) {
    return "asm volatile(\"cp.async.wait_group %0;\" :: \"n\"(" + pending + ") : \"memory\");";
  }

  @Override
  public String asyncCopyCondition() {
    return DEVICE_SM80;
  }

  @Override
  public String tensorCoreCondition() {
    return "!defined(__CUDA_ARCH__) || __CUDA_ARCH__ >= 800";
  }

  @Override
  public String nonFiniteLiteral(double v, DType d) {
    String bits = Double.isNaN(v) ? "0x7fffffffu" : v > 0 ? "0x7f800000u" : "0xff800000u";
    String f = "__uint_as_float(" + bits + ")";
    return d == DType.F64 ? "(double)" + f : f;
  }

  @Override
  public String int64Suffix() {
    return "LL";
  }

  @Override
  public String boolLiteral(boolean b) {
    return b ? "true" : "false";
  }
}
