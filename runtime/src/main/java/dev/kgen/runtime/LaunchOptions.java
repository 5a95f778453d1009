package dev.kgen.runtime;

import dev.kgen.codegen.CodegenOptions;

/**
 * How a backend compiles and runs a specialization: the codegen's knobs for the GPU emitters
 * and the JVM backend's scheduling knobs. Each backend reads the part it understands.
 */
public record LaunchOptions(CodegenOptions codegen, int programsPerTask, int parallelism) {
  public LaunchOptions {
    if (programsPerTask < 1) {
      throw new IllegalArgumentException("programsPerTask must be >= 1, got " + programsPerTask);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    }
  }

  public static LaunchOptions defaults() {
    return new LaunchOptions(CodegenOptions.defaults(), 1, Runtime.getRuntime().availableProcessors());
  }

  public LaunchOptions withCodegen(CodegenOptions c) {
    return new LaunchOptions(c, programsPerTask, parallelism);
  }
}
