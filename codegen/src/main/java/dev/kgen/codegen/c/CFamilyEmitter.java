package dev.kgen.codegen.c;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The C-family code generator (Halide's CodeGen_C): all lowering lives in this package and is
 * shared; a dialect subclass only answers the hooks below (type names, qualifiers, thread and
 * program indices, barriers, shared memory, literals) and supplies its {@link IntrinsicTable}.
 * Instances are stateless; {@link #generate} creates the per-kernel state.
 */
public abstract class CFamilyEmitter {
  /**
   * The shared (local) memory a program may use without opting in: the most a CUDA block may
   * declare statically, and no more than NVIDIA's and PoCL's OpenCL devices offer a work-group.
   * Staging stays within it; only buffers of asynchronous copies come on top.
   */
  public static final int STATIC_SHARED_BYTES = 48 * 1024;

  /** Lowers {@code kernel} to one translation unit of this dialect. */
  public final GeneratedKernel generate(Kernel kernel, CodegenOptions options) {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(options, "options");
    int limit = sharedLimit();
    GeneratedKernel g = generate(kernel, options, AsyncOperandCopies.BUDGET);
    if (limit == 0 || g.sharedBytes() <= limit) {
      return g;
    }
    // where a program cannot hold two stages of its copies, it gets the one-stage kernel; where
    // it cannot hold one, fewer tiles are copied and the others loaded through registers
    CodegenOptions oneStage = options.withCopyStages(1);
    if (options.copyStages() > 1) {
      g = generate(kernel, oneStage, AsyncOperandCopies.BUDGET);
    }
    for (int budget : COPY_BUDGETS_WITHIN_LIMIT) {
      if (g.sharedBytes() <= limit) {
        break;
      }
      g = generate(kernel, oneStage, budget);
    }
    return g;
  }

  /**
   * Smaller copy budgets to try, in turn, where a one-stage kernel exceeds {@link
   * #sharedLimit}; 0 copies nothing, so only staging (at most {@link #STATIC_SHARED_BYTES}) is left.
   */
  private static final int[] COPY_BUDGETS_WITHIN_LIMIT = {32 * 1024, 16 * 1024, 8 * 1024, 0};

  private GeneratedKernel generate(Kernel kernel, CodegenOptions options, int copyBudget) {
    // the first lowering finds the values the code reads; the second leaves out the rest
    KernelLowering first = new KernelLowering(this, kernel, options, null, copyBudget);
    GeneratedKernel g = first.run();
    KernelLowering.Liveness live = first.liveness();
    return live.allLive() ? g : new KernelLowering(this, kernel, options, live, copyBudget).run();
  }

  /**
   * The most shared memory a program may use, copies included, or 0 for no limit beyond the
   * staging one ({@link #STATIC_SHARED_BYTES}; CUDA opts in to more for copies).
   */
  public int sharedLimit() {
    return 0;
  }

  // ---- identity ------------------------------------------------------------------------

  /** {@code "cuda"} or {@code "opencl"}. */
  public abstract String language();

  /** The dialect's spelling of arithmetic, math functions and bit casts. */
  public abstract IntrinsicTable intrinsics();

  /** Identifiers of the dialect generated variables must avoid (beyond the shared C list). */
  public abstract Set<String> reservedWords();

  // ---- types ---------------------------------------------------------------------------

  /** The register type holding values of {@code d} (fp16, bf16 and fp8 are held as float). */
  public abstract String computeType(DType d);

  /** The type of one element in memory (bf16 as 16 raw bits, fp8 as 8 raw bits, i1 as a byte). */
  public abstract String storageType(DType d);

  /** The type through which layout-changing ops pass values of {@code d} in shared memory. */
  public String stagingType(DType d) {
    return computeType(d == DType.I1 ? DType.I32 : IntrinsicTable.computeDType(d));
  }

  /** Bytes of one {@link #stagingType} element. */
  public int stagingBytes(DType d) {
    DType c = IntrinsicTable.computeDType(d);
    return c == DType.I64 || c == DType.F64 ? 8 : 4;
  }

  /** The declaration of a scalar kernel parameter. */
  public abstract String scalarParamDecl(DType d, String name);

  /** The declaration of a pointer kernel parameter; {@code readOnly} when never stored through. */
  public abstract String pointerParamDecl(DType d, String name, boolean readOnly);

  // ---- kernel structure ----------------------------------------------------------------

  /** Lines at the top of the file (pragmas), given whether the kernel computes in fp64. */
  public abstract List<String> preamble(boolean usesFp64);

  /** What precedes the kernel's name in its definition, e.g. {@code __global__ void}. */
  public abstract String kernelQualifiers(int threadsPerProgram);

  /** The qualifiers of helper functions, e.g. {@code static inline}. */
  public abstract String helperQualifiers();

  /** An int expression: this thread's index within the program. */
  public abstract String threadIndex();

  /**
   * The thread index in a program of {@code threadsPerProgram} threads, as the kernel binds it:
   * {@link #threadIndex} unless the dialect can state its range there ({@link
   * #threadRangeAssumption} is the other way).
   */
  public String threadIndex(int threadsPerProgram) {
    return threadIndex();
  }

  /**
   * A statement telling the compiler that {@code tid} lies in {@code [0, threads)}, so it can
   * simplify the index arithmetic of the layouts; null when the dialect has no such statement.
   */
  public String threadRangeAssumption(String tid, int threads) {
    return null;
  }

  /** An int expression: the program's index along grid axis 0, 1 or 2. */
  public abstract String programId(int axis);

  /** An int expression: the number of programs along grid axis 0, 1 or 2. */
  public abstract String numPrograms(int axis);

  /** A statement that waits for all threads of the program and orders shared memory. */
  public abstract String barrier();

  /**
   * A statement that orders the thread's global-memory accesses before it against those after
   * it, as every program on the device observes them (a device-wide fence).
   */
  public abstract String globalFence();

  /** An int expression: atomically adds {@code value} to the int at global {@code address}, giving the old value. */
  public abstract String atomicAdd(String address, String value);

  /** The declaration of the kernel's one shared (local) byte buffer. */
  public abstract String sharedBufferDecl(String name, int bytes);

  /** The type of a pointer to {@code elementType} elements in shared (local) memory. */
  public abstract String sharedPointerType(String elementType);

  /** The type of a pointer to {@code elementType} elements in global memory (a kernel parameter's). */
  public String globalPointerType(String elementType) {
    return elementType + "*";
  }

  /** An expression of two floats as one 8-byte vector ({@code float2}). */
  public String float2Of(String x, String y) {
    return "make_float2(" + x + ", " + y + ")";
  }

  /**
   * Whether the dialect is C++ (CUDA) rather than C (OpenCL C): {@code kgen_copy_wait<N>()} is
   * then a function template, else a macro {@code kgen_copy_wait(N)}; and a function's name is an
   * expression, so {@code (void)f;} can mark a helper used that one branch of an {@code #if}
   * leaves unused (OpenCL C forbids taking a function's address).
   */
  public boolean isCxx() {
    return true;
  }

  /** The pragma that asks for full unrolling of a constant-trip loop over registers, or null. */
  public abstract String unrollPragma();

  // ---- warp shuffles and tensor cores (optional) ----------------------------------------

  /**
   * Threads that run in lockstep and can read one another's registers (a CUDA warp), or 0
   * when the dialect has no such exchange; {@link WarpReduction} needs it.
   */
  public int warpSize() {
    return 0;
  }

  /**
   * An expression: {@code value} (a 32-bit register) as held by the lane whose index differs
   * from this lane's by the bits of {@code laneMask}. Every lane of the warp must execute it.
   */
  public String shuffleXor(String value, int laneMask) {
    throw new UnsupportedOperationException(language() + " has no warp shuffles");
  }

  /** Whether {@code dot} of fp16 or bf16 tiles may run on tensor cores ({@link TensorCoreDot}). */
  public boolean hasTensorCoreDot() {
    return false;
  }

  /**
   * The one tensor-core instruction: {@code c0..c3 += A x B} for one 16x8 tile and a 16-deep
   * slice of K, with the operand registers named in {@link TensorCoreDot}'s helper.
   */
  public String tensorCoreMultiplyAdd(DType d) {
    throw new UnsupportedOperationException(language() + " has no tensor-core instruction");
  }

  /**
   * A statement that loads 8x8 matrices of 16-bit elements from shared memory into the operand
   * registers named (one per matrix) as the tensor-core instruction lays out its fragments: lane
   * {@code l} gives, in {@code sharedPointer}, the address of row {@code l % 8} of matrix
   * {@code l / 8}, 16 aligned bytes. Compiles under {@link #tensorCoreCondition}.
   */
  public String tensorCoreLoadMatrices(List<String> registers, String sharedPointer) {
    throw new UnsupportedOperationException(language() + " has no tensor-core instruction");
  }

  /**
   * The name of an unsigned vector type of {@code bytes} bytes (4, 8 or 16) that can be read from
   * memory in one access, with {@code words} 32-bit components; null when the dialect does not
   * vectorize loads ({@link VectorizedLoad}).
   */
  public String vectorLoadType(int bytes) {
    return null;
  }

  /** Whether elements of {@code d} may be read in runs as {@link #vectorLoadType} and decoded from their bits. */
  public boolean vectorLoads(DType d) {
    return vectorLoadType(4) != null;
  }

  /** The pointer type through which a {@link #vectorLoadType} is read from a kernel parameter. */
  public String vectorPointerType(int bytes) {
    return "const " + vectorLoadType(bytes) + "*";
  }

  /** An expression of {@link #vectorLoadType} {@code (4 * words.size())} made of the 32-bit {@code words}. */
  public String vectorOf(List<String> words) {
    throw new UnsupportedOperationException(language() + " has no vector stores");
  }

  /** The 32-bit component {@code i} of a value of {@link #vectorLoadType} (CUDA and OpenCL both name them x, y, z, w). */
  public String vectorComponent(String vector, int bytes, int i) {
    if (vectorLoadType(bytes) == null) {
      throw new UnsupportedOperationException(language() + " has no vector loads of " + bytes + " bytes");
    }
    return bytes == 4 ? vector : vector + "." + "xyzw".charAt(i);
  }

  /** The preprocessor condition under which {@link #tensorCoreMultiplyAdd} compiles. */
  public String tensorCoreCondition() {
    throw new UnsupportedOperationException(language() + " has no tensor-core instruction");
  }

  /**
   * Statements, returning a float, that decode the bits in variable {@code bits} of the small
   * float dtype {@code d} with conversion instructions; empty when the dialect has none (the
   * bit-level decoding is used).
   */
  public List<String> hardwareDecode(DType d, String bits) {
    return List.of();
  }

  /**
   * Statements that convert the float variable {@code x} to fp16 with a conversion instruction
   * (to nearest, ties to even; NaN stays a NaN, overflow becomes infinity), returning the 16
   * bits ({@code bits}) or their value as a float; empty when the dialect has none (the
   * bit-level rounding is used). Not guarded: every GPU of the dialects that have it does.
   */
  public List<String> hardwareFp16(String x, boolean bits) {
    return List.of();
  }

  /**
   * Statements, returning a float, that round the float variable {@code x} to the nearest bf16
   * (ties to even, NaN stays a NaN) with a conversion instruction; empty when the dialect has
   * none (the bit-level rounding is used).
   */
  public List<String> hardwareRoundBf16(String x) {
    return List.of();
  }

  // ---- copies from global to shared memory that bypass the registers (optional) ---------

  /**
   * Whether loads can be copied from global memory straight into shared memory, the threads
   * going on meanwhile ({@link AsyncOperandCopies}); the helpers {@link Helper#asyncCopy} and
   * {@link Helper#ASYNC_COPY_GROUPS} then wrap {@link #asyncCopy}, {@link #asyncCommit} and
   * {@link #asyncWait}.
   */
  public boolean hasAsyncCopy() {
    return false;
  }

  /**
   * A statement that starts copying {@code bytes} (4, 8 or 16) from global address {@code src}
   * to shared address {@code dst}, or writes zeros without reading when {@code full} is false.
   */
  public String asyncCopy(String dst, String src, int bytes, String full) {
    throw new UnsupportedOperationException(language() + " has no asynchronous copies");
  }

  /** A statement that closes the group of the copies this thread started since the last one. */
  public String asyncCommit() {
    throw new UnsupportedOperationException(language() + " has no asynchronous copies");
  }

  /** A statement that waits until at most {@code pending} (an immediate) of this thread's groups are unfinished. */
  public String asyncWait(String pending) {
    throw new UnsupportedOperationException(language() + " has no asynchronous copies");
  }

  /** The preprocessor condition under which the asynchronous copy instructions compile. */
  public String asyncCopyCondition() {
    throw new UnsupportedOperationException(language() + " has no asynchronous copies");
  }

  /**
   * Whether a kernel using {@code bytes} of shared memory declares it as dynamic (sized at
   * launch, as CUDA requires beyond 48 KiB) rather than static.
   */
  public boolean sharedIsDynamic(int bytes) {
    return false;
  }

  /** The preprocessor condition under which {@link #hardwareRoundBf16} compiles. */
  public String hardwareRoundBf16Condition() {
    throw new UnsupportedOperationException(language() + " has no bf16 conversion instruction");
  }

  /**
   * Statements that return two fp8 elements of {@code fp8} (the 16 bits {@code two}, the low
   * byte first) as {@code to}'s bits (exactly: every fp8 value is an fp16 and a bf16 value),
   * packed low element first, both elements in each conversion instruction; empty where the
   * dialect has none. They compile under {@link #hardwareDecodeCondition} of {@code fp8}.
   */
  public List<String> hardwarePairConversion(DType fp8, DType to, String two) {
    return List.of();
  }

  /** The preprocessor condition under which {@link #hardwareDecode} compiles, or null for always. */
  public String hardwareDecodeCondition(DType d) {
    return null;
  }

  // ---- literals ------------------------------------------------------------------------

  /** An expression for infinity or NaN of the compute type of {@code d}. */
  public abstract String nonFiniteLiteral(double v, DType d);

  /** The suffix that makes an integer literal 64-bit ({@code LL} or {@code L}). */
  public abstract String int64Suffix();

  /** A literal of the boolean compute type. */
  public abstract String boolLiteral(boolean b);

  /** A literal of dtype {@code d} with value {@code v} (already representable in {@code d}). */
  public String literal(double v, DType d) {
    switch (d.kind()) {
      case BOOL:
        return boolLiteral(v != 0);
      case INT:
        long l = (long) v;
        if (d == DType.I32) {
          return l == Integer.MIN_VALUE ? "(-2147483647 - 1)" : Long.toString((int) l);
        }
        return l == Long.MIN_VALUE ? "(-9223372036854775807" + int64Suffix() + " - 1" + int64Suffix() + ")"
            : l + int64Suffix();
      default:
        if (!Double.isFinite(v)) {
          return nonFiniteLiteral(v, d);
        }
        return d == DType.F64 ? DecimalText.ofDouble(v) : DecimalText.ofFloat((float) v) + "f";
    }
  }

  // ---- memory --------------------------------------------------------------------------

  /**
   * An expression reading element {@code index} of {@code base} (of dtype {@code d}) and
   * converting it exactly to the compute type. The default decodes small floats with helpers.
   */
  public String loadElement(DType d, String base, String index, HelperLibrary helpers) {
    return decodeBits(d, base + "[" + index + "]", helpers);
  }

  /** An expression converting {@code raw} (one element in storage form) exactly to the compute type. */
  public String decodeBits(DType d, String raw, HelperLibrary helpers) {
    switch (d) {
      case I1:
        return "(" + raw + " != 0)";
      case F16:
      case BF16:
      case FP8E4M3:
      case FP8E5M2:
        return helpers.use(Helper.decode(d)) + "(" + raw + ")";
      default:
        return raw;
    }
  }

  /**
   * A statement writing {@code value} (a compute-type expression already rounded to {@code d})
   * to element {@code index} of {@code base}. The default encodes small floats with helpers.
   */
  public String storeElement(DType d, String base, String index, String value, HelperLibrary helpers) {
    String raw = base + "[" + index + "]";
    switch (d) {
      case I1:
        return raw + " = (" + storageType(d) + ")(" + value + " ? 1 : 0);";
      case F16:
      case BF16:
      case FP8E4M3:
      case FP8E5M2:
        return raw + " = " + helpers.use(Helper.encode(d)) + "(" + value + ");";
      default:
        return raw + " = " + value + ";";
    }
  }
}
