package dev.kgen.processor;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.codegen.opencl.OpenClEmitter;
import dev.kgen.dsl.ConstexprDecl;
import dev.kgen.dsl.KernelDef;
import dev.kgen.ir.Kernel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Does a declaration's build-time work: binds each specialization's constexprs, traces and
 * specializes the kernel, and emits its CUDA and OpenCL sources. Everything the DSL or the
 * emitters reject becomes a {@link DeclarationException} naming the specialization.
 */
final class Specializer {
  private Specializer() {}

  static List<SpecializedKernel> specialize(KernelDef def, Declaration d) {
    if (d.specializations().isEmpty()) {
      throw new DeclarationException(d.where() + ": declares no specializations; add at least one @Specialization");
    }
    Set<String> methods = new HashSet<>();
    Map<String, String> hashes = new HashMap<>();
    return d.specializations().stream().map(r -> {
      String where = d.where() + ", specialization '" + r.name() + "'";
      if (!SourceVersion.isName(r.name()) || r.name().contains(".")) {
        throw new DeclarationException(where + ": the name must be a Java identifier, e.g. bf16Wide; it names the launcher method");
      }
      if (!methods.add(r.name())) {
        throw new DeclarationException(where + ": the name is declared twice; give each specialization its own name");
      }
      SpecializedKernel s = one(def, r, where);
      String other = hashes.putIfAbsent(s.hash(), r.name());
      if (other != null) {
        throw new DeclarationException(where + ": specializes " + def.name() + " exactly as '" + other
            + "' does (same constexprs after defaults); declare each kernel once");
      }
      return s;
    }).toList();
  }

  private static SpecializedKernel one(KernelDef def, SpecializationRequest r, String where) {
    CodegenOptions options;
    try {
      options = new CodegenOptions(r.threadsPerProgram(), r.vectorWidth());
    } catch (IllegalArgumentException e) {
      throw new DeclarationException(where + ": " + e.getMessage());
    }
    Map<String, Object> binding = ConstexprBinder.bind(def, where, r.constexprs().toArray(String[]::new));
    Kernel kernel;
    GeneratedKernel cuda;
    GeneratedKernel opencl;
    try {
      kernel = def.specialize(binding);
    } catch (RuntimeException e) {
      throw new DeclarationException(where + ": specializing " + def.name() + " failed: " + e.getMessage(), e);
    }
    try {
      cuda = CudaEmitter.emit(kernel, options);
      opencl = OpenClEmitter.emit(kernel, options);
    } catch (RuntimeException e) {
      throw new DeclarationException(where + ": generating the CUDA and OpenCL sources failed: " + e, e);
    }
    Map<String, Object> all = new LinkedHashMap<>();
    for (ConstexprDecl c : def.constexprs()) {
      all.put(c.name(), kernel.constexprs().get(c.name()));
    }
    return new SpecializedKernel(r.name(), kernel, all, options, cuda, opencl, ParamUsage.of(kernel));
  }
}
