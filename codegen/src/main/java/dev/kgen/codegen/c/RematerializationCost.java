package dev.kgen.codegen.c;

import dev.kgen.ir.BinaryOp;
import dev.kgen.ir.Block;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Op;
import dev.kgen.ir.Param;
import dev.kgen.ir.Value;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a tile can be recomputed at an arbitrary element index by the thread that
 * needs it, and what that costs, so that a broadcast or layout-changing expand_dims can skip
 * the shared-memory round trip (a write, two barriers and a read) of {@link StagedLowering}.
 *
 * <p>A value is recomputable when it is uniform (a scalar or splat: its one C expression is
 * in scope), or is defined by arange, full or an elementwise op (unary, binary, select, cast,
 * expand_dims, broadcast, add_ptr) of recomputable values, or by a load whose pointer, mask
 * and other are recomputable and whose base parameter the kernel never stores through.
 * Reductions, dots, loads of written memory and values carried by loops or yielded by
 * branches (block arguments, defined by no op) are not: they exist only where they were
 * computed. Re-reading a load is sound because its parameter is then read-only for the whole
 * kernel (the emitters declare it {@code const} and restrict), so every read of the address
 * gives the same bytes; re-reading a few bytes from L1 is cheaper than two barriers.
 *
 * <p>The cost counts the ops of the expression tree (shared subtrees counted once per use,
 * an overestimate) with loads weighted for their latency; it saturates above {@link #BUDGET}.
 */
final class RematerializationCost {
  /** Recompute only expressions up to this cost per element; above it staging is cheaper. */
  static final int BUDGET = 40;
  /** The cost of one load relative to one arithmetic op. */
  static final int LOAD = 6;
  /** Integer division and remainder compile to a dozen instructions unless the divisor is a power of two. */
  static final int DIVISION = 2;
  private static final int TOO_COSTLY = BUDGET + 1;

  private final LoweringContext cx;
  private final Map<Value, Op> definitions = new IdentityHashMap<>();
  private final Set<Param> stored = new HashSet<>();
  private final Map<Value, Param> pointerBases = new IdentityHashMap<>();
  private final Map<Value, Integer> costs = new IdentityHashMap<>();
  private boolean storesThroughUnknownPointers;

  RematerializationCost(LoweringContext cx) {
    this.cx = cx;
    Kernel k = cx.kernel;
    for (Param p : k.params()) {
      if (p.isPointer()) {
        pointerBases.put(p.value(), p);
      }
    }
    scan(k.body());
  }

  /** Whether {@code v} (about to be defined) is cheaper to recompute per element than to stage. */
  boolean worthRecomputing(Value v) {
    return cost(v) <= BUDGET;
  }

  /** The op that defines {@code v}, or null for parameters and block arguments. */
  Op definition(Value v) {
    return definitions.get(v);
  }

  /** The cost of recomputing one element of {@code v}, above {@link #BUDGET} if it cannot be recomputed. */
  int cost(Value v) {
    if (cx.isDefined(v) && leaf(cx.peek(v))) {
      return 0;
    }
    Integer known = costs.get(v);
    if (known != null) {
      return known;
    }
    int c = Math.min(TOO_COSTLY, costOfDefinition(definitions.get(v)));
    if (cx.isDefined(v)) {
      costs.put(v, c); // the value under decision is not defined yet and may still become uniform
    }
    return c;
  }

  /** Uniform values (and pointers with uniform offsets) are one expression every thread holds. */
  static boolean leaf(CValue c) {
    return c instanceof CValue.Pointer p ? p.offsets().uniform() : c.uniform();
  }

  private int costOfDefinition(Op op) {
    if (op == null) {
      return TOO_COSTLY; // a parameter tile or a block argument
    }
    if (op instanceof Op.Full) {
      return 0;
    }
    if (op instanceof Op.Arange) {
      return 1;
    }
    if (op instanceof Op.ExpandDims || op instanceof Op.Broadcast || op instanceof Op.Trans) {
      return sum(op.operands()); // only the index changes
    }
    if (op instanceof Op.Binary b && (b.op() == BinaryOp.DIV || b.op() == BinaryOp.REM)) {
      return DIVISION + sum(op.operands());
    }
    if (op instanceof Op.Unary || op instanceof Op.Binary || op instanceof Op.Select || op instanceof Op.Cast
        || op instanceof Op.AddPtr) {
      return 1 + sum(op.operands());
    }
    if (op instanceof Op.Load l) {
      if (storesThroughUnknownPointers) {
        return TOO_COSTLY;
      }
      Param base = pointerBases.get(l.ptr());
      if (base == null || stored.contains(base)) {
        return TOO_COSTLY;
      }
      return LOAD + sum(op.operands());
    }
    return TOO_COSTLY; // reductions, dots, program indices of tiles, control flow
  }

  private int sum(List<Value> operands) {
    int s = 0;
    for (Value v : operands) {
      s = Math.min(TOO_COSTLY, s + cost(v));
    }
    return s;
  }

  // ---- the kernel-wide facts: definitions, pointer bases and the parameters stored through ----

  private void scan(Block b) {
    for (Op op : b.ops()) {
      for (Value r : op.results()) {
        definitions.put(r, op);
      }
      if (op instanceof Op.For f) {
        for (int i = 0; i < f.inits().size(); i++) { // before the body, which may store through them
          carryBase(f.inits().get(i), f.carried().get(i));
          carryBase(f.inits().get(i), f.results().get(i));
        }
      }
      op.blocks().forEach(this::scan);
      if (op instanceof Op.AddPtr a) {
        carryBase(a.ptr(), a.result());
      } else if (op instanceof Op.ExpandDims e) {
        carryBase(e.x(), e.result());
      } else if (op instanceof Op.Broadcast br) {
        carryBase(br.x(), br.result());
      } else if (op instanceof Op.If i && !i.results().isEmpty()) {
        List<Op> then = i.then().ops();
        if (!then.isEmpty() && then.get(then.size() - 1) instanceof Op.Yield y) {
          for (int j = 0; j < i.results().size(); j++) {
            carryBase(y.values().get(j), i.results().get(j));
          }
        }
      } else if (op instanceof Op.Store || op instanceof Op.AtomicAdd) {
        Param p = pointerBases.get(op instanceof Op.Store s ? s.ptr() : ((Op.AtomicAdd) op).ptr());
        if (p == null) {
          storesThroughUnknownPointers = true;
        } else {
          stored.add(p);
        }
      }
    }
  }

  private void carryBase(Value from, Value to) {
    Param p = pointerBases.get(from);
    if (p != null) {
      pointerBases.put(to, p);
    }
  }
}
