package dev.kgen.runtime;

import dev.kgen.ir.Kernel;

/** A specialization compiled for one backend, ready to launch. */
public interface CompiledKernel {
  Kernel kernel();

  LaunchOptions options();

  /** Whether the compiled artifact came from the disk cache (no compiler ran). */
  boolean fromCache();
}
