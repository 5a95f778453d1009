package dev.kgen.codegen.c;

import dev.kgen.ir.Block;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which values the generated code actually reads. Rematerialization leaves behind tiles that
 * only fed a recomputed broadcast (the offset arithmetic of a paged-attention key tile, the
 * block-table load): the IR still uses them, but the C no longer does, and nvcc rejects a
 * variable that is set but never used. So the kernel is lowered twice: the first lowering
 * records, for each op, the values its emitted code read; the values reachable from the ops
 * that must run (stores, control flow) through those reads are live, and the second lowering
 * skips ops whose results are all dead. Loads count as removable: reading has no effect.
 */
final class LiveValues {
  private final Map<Op, Set<Value>> reads = new IdentityHashMap<>();
  private final Set<Value> readOutsideOps = Collections.newSetFromMap(new IdentityHashMap<>());
  private Op current;

  /** Makes {@code op} the reader of subsequent reads; returns the previous reader for {@link #leave}. */
  Op enter(Op op) {
    Op previous = current;
    current = op;
    return previous;
  }

  void leave(Op previous) {
    current = previous;
  }

  /** Records that the code being emitted for the current op reads {@code v}. */
  void read(Value v) {
    if (current == null) {
      readOutsideOps.add(v);
    } else {
      reads.computeIfAbsent(current, o -> new LinkedHashSet<>()).add(v);
    }
  }

  /** Ops whose code may be left out when no one reads their results. */
  static boolean removable(Op op) {
    return (op.pure() || op instanceof Op.Load) && !(op instanceof Op.Full);
  }

  /** The values read, directly or through removable ops, by the code that must run. */
  Set<Value> live(Kernel k) {
    Map<Value, Op> definitions = new IdentityHashMap<>();
    collect(k.body(), definitions);
    Deque<Value> work = new ArrayDeque<>(readOutsideOps);
    reads.forEach((op, vs) -> {
      if (!removable(op)) {
        work.addAll(vs);
      }
    });
    Set<Value> live = Collections.newSetFromMap(new IdentityHashMap<>());
    while (!work.isEmpty()) {
      Value v = work.pop();
      if (live.add(v)) {
        Op d = definitions.get(v);
        if (d != null && reads.containsKey(d)) {
          work.addAll(reads.get(d));
        }
      }
    }
    return live;
  }

  private static void collect(Block b, Map<Value, Op> definitions) {
    for (Op op : b.ops()) {
      op.results().forEach(r -> definitions.put(r, op));
      op.blocks().forEach(inner -> collect(inner, definitions));
    }
  }
}
