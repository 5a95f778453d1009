package dev.kgen.ir.passes;

import dev.kgen.ir.Kernel;

/** One transformation of a specialized kernel. Each pass lives in its own file. */
public interface Pass {
  String name();

  Kernel apply(Kernel k);
}
