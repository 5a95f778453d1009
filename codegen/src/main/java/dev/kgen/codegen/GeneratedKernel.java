package dev.kgen.codegen;

import dev.kgen.ir.Param;
import java.util.List;
import java.util.Objects;

/**
 * The source of one specialized kernel in one language, with what a launcher needs: the entry
 * point, the block (work-group) size, the static shared memory it declares, and the parameters
 * in launch-argument order.
 *
 * <p>Launch contract: a 3-D grid of programs (CUDA {@code gridDim}, OpenCL {@code
 * get_num_groups}) whose coordinates are the kernel's program ids, {@code threadsPerProgram}
 * threads along x in each. Pointer parameters take device buffers; scalar parameters are passed
 * as the C type of their dtype, except that i1 scalars are passed as a 32-bit int (0 or 1) and
 * fp16, bf16 and fp8 scalars as a 32-bit float.
 *
 * @param language {@code "cuda"} or {@code "opencl"}
 * @param entryName the kernel function's name (the kernel's name)
 * @param source the whole translation unit
 * @param threadsPerProgram threads per block / work-group (x dimension)
 * @param sharedBytes bytes of static shared (local) memory the kernel declares
 * @param params the kernel's parameters in launch-argument order
 */
public record GeneratedKernel(String language, String entryName, String source, int threadsPerProgram,
    int sharedBytes, List<Param> params) {
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
}
