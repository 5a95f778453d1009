package dev.kgen.codegen;

import dev.kgen.ir.Param;
import java.util.List;
import java.util.Objects;

/**
 * The source of one specialized kernel in one language, with what a launcher needs: the entry
 * point, the block (work-group) size, the shared memory it uses (declared statically, or sized
 * at launch), and the parameters in launch-argument order.
 *
 * <p>Launch contract: a 3-D grid of programs (CUDA {@code gridDim}, OpenCL {@code
 * get_num_groups}) whose coordinates are the kernel's program ids, {@code threadsPerProgram}
 * threads along x in each. Pointer parameters take device buffers; scalar parameters are passed
 * as the C type of their dtype, except that i1 scalars are passed as a 32-bit int (0 or 1) and
 * fp16, bf16 and fp8 scalars as a 32-bit float. A pointer argument is the start of a buffer,
 * aligned to at least {@link #POINTER_ALIGNMENT} bytes: the generated code reads runs it proves
 * aligned relative to the start without testing the address.
 *
 * @param language {@code "cuda"} or {@code "opencl"}
 * @param entryName the kernel function's name (the kernel's name)
 * @param source the whole translation unit
 * @param threadsPerProgram threads per block / work-group (x dimension)
 * @param sharedBytes bytes of shared (local) memory the kernel uses
 * @param dynamicShared whether those bytes are dynamic shared memory, which the launch must size
 *     (CUDA beyond 48 KiB); otherwise the kernel declares them statically
 * @param params the kernel's parameters in launch-argument order
 */
public record GeneratedKernel(String language, String entryName, String source, int threadsPerProgram,
    int sharedBytes, boolean dynamicShared, List<Param> params) {
  /** The bytes every pointer argument's address is a multiple of (CUDA allocations: 256, OpenCL buffers: 128). */
  public static final int POINTER_ALIGNMENT = 16;

  public GeneratedKernel {
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(entryName, "entryName");
    Objects.requireNonNull(source, "source");
    if (!language.equals("cuda") && !language.equals("opencl")) {
      throw new IllegalArgumentException("language must be cuda or opencl, got " + language);
    }
    if (sharedBytes < 0) {
      throw new IllegalArgumentException("sharedBytes must not be negative, got " + sharedBytes);
    }
    params = List.copyOf(params);
  }

  /** The dynamic shared memory a launch must ask for: {@link #sharedBytes} when it is dynamic, else 0. */
  public int launchSharedBytes() {
    return dynamicShared ? sharedBytes : 0;
  }
}
