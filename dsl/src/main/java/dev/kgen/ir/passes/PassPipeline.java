package dev.kgen.ir.passes;

import dev.kgen.ir.Kernel;
import java.util.List;

/**
 * Runs passes in order, verifying the IR after each and logging it at DEBUG level ("after
 * <pass>"), so a miscompile can be traced to one pass.
 */
public final class PassPipeline {
  private static final System.Logger LOG = System.getLogger(PassPipeline.class.getName());
  private final List<Pass> passes;

  public PassPipeline(List<Pass> passes) {
    this.passes = List.copyOf(passes);
  }

  /** The passes every specialization goes through. */
  public static PassPipeline standard() {
    return new PassPipeline(List.of(new CommonSubexpressionElimination(), new DeadCodeElimination()));
  }

  public Kernel run(Kernel k) {
    IrVerifier.verify(k, "tracing");
    for (Pass p : passes) {
      k = p.apply(k);
      IrVerifier.verify(k, p.name());
      Kernel shown = k;
      LOG.log(System.Logger.Level.DEBUG, () -> "after " + p.name() + ":\n" + shown.print());
    }
    return k;
  }
}
