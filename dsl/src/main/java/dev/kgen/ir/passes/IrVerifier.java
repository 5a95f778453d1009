package dev.kgen.ir.passes;

import dev.kgen.errors.KgenInternalError;
import dev.kgen.ir.Block;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Op;
import dev.kgen.ir.Param;
import dev.kgen.ir.Value;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks structural invariants: every value is defined once, before it is used, and in scope;
 * loop bodies end with a yield of the carried values' types. A violation is a kgen bug.
 */
public final class IrVerifier {
  private IrVerifier() {}

  public static void verify(Kernel k, String after) {
    Set<Value> defined = new HashSet<>();
    for (Param p : k.params()) {
      define(p.value(), defined, k, after);
    }
    block(k.body(), defined, k, after);
  }

  private static void define(Value v, Set<Value> defined, Kernel k, String after) {
    if (!defined.add(v)) {
      throw new KgenInternalError("IR of " + k.name() + " after " + after + ": value " + v + " is defined twice");
    }
  }

  private static void block(Block b, Set<Value> outer, Kernel k, String after) {
    Set<Value> defined = new HashSet<>(outer);
    for (Op op : b.ops()) {
      for (Value v : op.operands()) {
        if (!defined.contains(v)) {
          throw new KgenInternalError("IR of " + k.name() + " after " + after + ": " + v + " is used by "
              + op.getClass().getSimpleName() + " before it is defined");
        }
      }
      if (op instanceof Op.For f) {
        Set<Value> inner = new HashSet<>(defined);
        define(f.iv(), inner, k, after);
        f.carried().forEach(c -> define(c, inner, k, after));
        block(f.body(), inner, k, after);
        Op last = f.body().ops().isEmpty() ? null : f.body().ops().get(f.body().ops().size() - 1);
        if (!(last instanceof Op.Yield y) || y.values().size() != f.carried().size()) {
          throw new KgenInternalError("IR of " + k.name() + " after " + after + ": a loop body does not end with a yield of its "
              + f.carried().size() + " carried values");
        }
        for (int i = 0; i < f.carried().size(); i++) {
          if (!y.values().get(i).type().equals(f.carried().get(i).type())) {
            throw new KgenInternalError("IR of " + k.name() + " after " + after + ": loop yields " + y.values().get(i)
                + " for carried " + f.carried().get(i));
          }
        }
      } else {
        for (Block inner : op.blocks()) {
          block(inner, defined, k, after);
        }
      }
      for (Value r : op.results()) {
        define(r, defined, k, after);
      }
    }
  }
}
