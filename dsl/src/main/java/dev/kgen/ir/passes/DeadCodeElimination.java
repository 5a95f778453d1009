package dev.kgen.ir.passes;

import dev.kgen.ir.Block;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Removes pure ops whose results nothing reads, and everything after a top-level return. */
public final class DeadCodeElimination implements Pass {
  @Override
  public String name() {
    return "DeadCodeElimination";
  }

  @Override
  public Kernel apply(Kernel k) {
    Block body = k.body();
    // Removing an op can make its operands dead: iterate to a fixed point.
    while (true) {
      Set<Value> used = new HashSet<>();
      collectUses(body, used);
      Block next = sweep(body, used);
      if (next.ops().size() == body.ops().size() && count(next) == count(body)) {
        return k.toBuilder().body(next).build();
      }
      body = next;
    }
  }

  private static int count(Block b) {
    int n = 0;
    for (Op op : b.ops()) {
      n++;
      for (Block inner : op.blocks()) {
        n += count(inner);
      }
    }
    return n;
  }

  private static void collectUses(Block b, Set<Value> used) {
    for (Op op : b.ops()) {
      used.addAll(op.operands());
      for (Block inner : op.blocks()) {
        collectUses(inner, used);
      }
    }
  }

  private static Block sweep(Block b, Set<Value> used) {
    List<Op> out = new ArrayList<>();
    for (Op op : b.ops()) {
      if (op.pure() && op.results().stream().noneMatch(used::contains)) {
        continue;
      }
      if (op instanceof Op.Load l && !used.contains(l.result())) {
        continue; // an unread load has no effect
      }
      out.add(rebuild(op, used));
      if (op instanceof Op.Return) {
        break; // nothing after a return runs
      }
    }
    return new Block(out);
  }

  private static Op rebuild(Op op, Set<Value> used) {
    if (op instanceof Op.For f) {
      return new Op.For(f.results(), f.iv(), f.lo(), f.hi(), f.inits(), f.carried(), sweep(f.body(), used));
    }
    if (op instanceof Op.If i) {
      return new Op.If(i.results(), i.cond(), sweep(i.then(), used), sweep(i.otherwise(), used));
    }
    return op;
  }
}
