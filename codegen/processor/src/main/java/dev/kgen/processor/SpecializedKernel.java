package dev.kgen.processor;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.ir.Kernel;
import java.util.Map;

/**
 * A declared specialization after the build did its work: the specialized kernel, its CUDA and
 * OpenCL sources, what it does with each parameter, and the names the launcher gives it.
 *
 * @param method the launcher method's name
 * @param constexprs every constexpr value, defaults included, in the kernel's declaration order
 */
record SpecializedKernel(String method, Kernel kernel, Map<String, Object> constexprs, CodegenOptions options,
    GeneratedKernel cuda, GeneratedKernel opencl, ParamUsage usage) {
  SpecializedKernel {
    constexprs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(constexprs));
  }

  String hash() {
    return kernel.contentHash();
  }
}
