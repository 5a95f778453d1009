package dev.kgen.processor;

import java.util.List;

/**
 * One {@code @Specialization} as declared: the launcher method's name, the constexpr strings,
 * and the codegen options.
 */
record SpecializationRequest(String name, List<String> constexprs, int threadsPerProgram, int vectorWidth) {
  SpecializationRequest {
    constexprs = List.copyOf(constexprs);
  }
}
