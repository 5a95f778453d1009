package dev.kgen.codegen.opencl;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.codegen.c.CFamilyEmitter;
import dev.kgen.codegen.c.HelperLibrary;
import dev.kgen.codegen.c.IntrinsicTable;
import dev.kgen.errors.KgenInternalError;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * OpenCL C 1.2 without {@code cl_khr_fp16} (PoCL and every conformant device): a {@code
 * __kernel} with {@code reqd_work_group_size}, one program per work-group. fp16 moves through
 * {@code vload_half}/{@code vstore_half_rte}; bf16 and fp8 through bit-manipulating helpers.
 * Only the hooks differ from CUDA; the lowering is {@link CFamilyEmitter}'s.
 */
public class OpenClEmitter extends CFamilyEmitter {
  private static final OpenClEmitter INSTANCE = new OpenClEmitter(false);
  private static final OpenClEmitter WITH_VECTOR_LOADS = new OpenClEmitter(true);
  /**
   * Whether loads of runs use one vector access ({@code VectorizedLoad}). Off in the dialect
   * proper, which keeps the scalar loads its users were measured with; on only for tests, so
   * that PoCL executes the lowering CUDA uses (the run proofs, the checks, both paths).
   */
  private final boolean vectorLoads;

  OpenClEmitter(boolean vectorLoads) {
    this.vectorLoads = vectorLoads;
  }

  /** For tests: {@link #emit} with the vector loads CUDA uses. */
  static GeneratedKernel emitWithVectorLoads(Kernel kernel, CodegenOptions options) {
    return WITH_VECTOR_LOADS.generate(kernel, options);
  }

  /** The OpenCL C source of {@code kernel}. */
  public static GeneratedKernel emit(Kernel kernel, CodegenOptions options) {
    return INSTANCE.generate(kernel, options);
  }

  /** The OpenCL C source of {@code kernel} with {@link CodegenOptions#DEFAULT}. */
  public static GeneratedKernel emit(Kernel kernel) {
    return emit(kernel, CodegenOptions.DEFAULT);
  }

  /** The dialect's hooks (its intrinsic table, type names, ...), for tools and tests. */
  public static CFamilyEmitter dialect() {
    return INSTANCE;
  }

  @Override
  public String language() {
    return "opencl";
  }

  @Override
  public IntrinsicTable intrinsics() {
    return OpenClIntrinsics.TABLE;
  }

  @Override
  public Set<String> reservedWords() {
    return Set.of("__kernel", "__global", "__local", "__constant", "__private", "barrier", "get_local_id",
        "get_group_id", "get_num_groups", "vload_half", "vstore_half_rte", "printf");
  }

  @Override
  public String computeType(DType d) {
    switch (d) {
      case I1:
      case I32:
        return "int";
      case I64:
        return "long";
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
        return "uchar";
      case F16:
        return "half";
      case BF16:
        return "ushort";
      default:
        return computeType(d);
    }
  }

  @Override
  public String scalarParamDecl(DType d, String name) {
    return computeType(d) + " " + name;
  }

  @Override
  public String pointerParamDecl(DType d, String name, boolean readOnly) {
    return readOnly ? "__global const " + storageType(d) + "* restrict " + name : "__global " + storageType(d) + "* " + name;
  }

  @Override
  public List<String> preamble(boolean usesFp64) {
    List<String> lines = new ArrayList<>();
    lines.add("#pragma OPENCL FP_CONTRACT OFF");
    if (usesFp64) {
      lines.add("#pragma OPENCL EXTENSION cl_khr_fp64 : enable");
    }
    return lines;
  }

  @Override
  public String kernelQualifiers(int threadsPerProgram) {
    return "__kernel __attribute__((reqd_work_group_size(" + threadsPerProgram + ", 1, 1))) void";
  }

  @Override
  public String helperQualifiers() {
    return "static inline";
  }

  @Override
  public String threadIndex() {
    return "(int)get_local_id(0)";
  }

  /**
   * Masked to the program's size where that is a power of two: the compiler then knows the index
   * is not negative, and divisions and remainders of it by powers of two are shifts and masks
   * rather than signed sequences (OpenCL C has no {@code __builtin_assume}). In clang's PTX for
   * the 64-token paged kernel this took 140 signed shifts to 2 and 255 registers to 122. The mask
   * relies on every launch running exactly that many work-items per group, which the kernel's
   * {@code reqd_work_group_size} states and the runtime's local size gives.
   */
  @Override
  public String threadIndex(int threadsPerProgram) {
    boolean powerOfTwo = threadsPerProgram > 0 && Integer.bitCount(threadsPerProgram) == 1;
    return powerOfTwo ? "(int)(get_local_id(0) & " + (threadsPerProgram - 1) + "u)" : threadIndex();
  }

  @Override
  public String programId(int axis) {
    return "(int)get_group_id(" + axis(axis) + ")";
  }

  @Override
  public String numPrograms(int axis) {
    return "(int)get_num_groups(" + axis(axis) + ")";
  }

  private static int axis(int axis) {
    if (axis < 0 || axis > 2) {
      throw new KgenInternalError("grid axis " + axis + " is not 0, 1 or 2");
    }
    return axis;
  }

  @Override
  public String barrier() {
    return "barrier(CLK_LOCAL_MEM_FENCE);";
  }

  @Override
  public String globalFence() {
    return "mem_fence(CLK_GLOBAL_MEM_FENCE);";
  }

  @Override
  public String atomicAdd(String address, String value) {
    return "atomic_add(" + address + ", " + value + ")";
  }

  @Override
  public String sharedBufferDecl(String name, int bytes) {
    return "__local uchar " + name + "[" + bytes + "] __attribute__((aligned(16)));";
  }

  @Override
  public String sharedPointerType(String elementType) {
    return "__local " + elementType + "*";
  }

  @Override
  public String globalPointerType(String elementType) {
    return "__global " + elementType + "*";
  }

  @Override
  public String float2Of(String x, String y) {
    return "(float2)(" + x + ", " + y + ")";
  }

  @Override
  public boolean isCxx() {
    return false;
  }

  /**
   * The local memory a work-group may count on: 48 KiB, what NVIDIA's OpenCL offers (with no
   * opting in to more) and no more than PoCL's devices.
   */
  @Override
  public int sharedLimit() {
    return STATIC_SHARED_BYTES;
  }

  /**
   * None: register loops have small constant trip counts that OpenCL compilers unroll on their
   * own, and PoCL 3.1 (LLVM 15) miscompiles some kernels that combine {@code #pragma unroll}
   * loops, barriers and an early return (checked against a threaded C++ run of the same source).
   */
  @Override
  public String unrollPragma() {
    return null;
  }

  @Override
  public String nonFiniteLiteral(double v, DType d) {
    String f = Double.isNaN(v) ? "NAN" : v > 0 ? "INFINITY" : "(-INFINITY)";
    return d == DType.F64 ? "(double)" + f : f;
  }

  @Override
  public String int64Suffix() {
    return "L";
  }

  @Override
  public String boolLiteral(boolean b) {
    return b ? "1" : "0";
  }

  /** fp16 is read with {@code vload_half} (exact); the rest as the C family does. */
  @Override
  public String loadElement(DType d, String base, String index, HelperLibrary helpers) {
    if (d == DType.F16) {
      return "vload_half(" + index + ", " + base + ")";
    }
    return super.loadElement(d, base, index, helpers);
  }

  /** The C family's reading of {@code d}'s bits, for a dialect that holds fp16 as bits. */
  final String loadAsBits(DType d, String base, String index, HelperLibrary helpers) {
    return super.loadElement(d, base, index, helpers);
  }

  /** The C family's writing of {@code d}'s bits, for a dialect that holds fp16 as bits. */
  final String storeAsBits(DType d, String base, String index, String value, HelperLibrary helpers) {
    return super.storeElement(d, base, index, value, helpers);
  }

  @Override
  public String vectorLoadType(int bytes) {
    return !vectorLoads ? null : bytes == 16 ? "uint4" : bytes == 8 ? "uint2" : bytes == 4 ? "uint" : null;
  }

  /** fp16 bits become a float only through {@code vload_half} from memory (no {@code cl_khr_fp16}). */
  @Override
  public boolean vectorLoads(DType d) {
    return vectorLoads && d != DType.F16;
  }

  @Override
  public String vectorPointerType(int bytes) {
    return "const __global " + vectorLoadType(bytes) + "*";
  }

  @Override
  public String vectorOf(List<String> words) {
    return words.size() == 1 ? words.get(0) : "(uint" + words.size() + ")(" + String.join(", ", words) + ")";
  }

  /** fp16 is written with {@code vstore_half_rte} (round to nearest even); the rest as the C family does. */
  @Override
  public String storeElement(DType d, String base, String index, String value, HelperLibrary helpers) {
    if (d == DType.F16) {
      return "vstore_half_rte(" + value + ", " + index + ", " + base + ");";
    }
    return super.storeElement(d, base, index, value, helpers);
  }
}
