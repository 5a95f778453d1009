package dev.kgen.codegen.jvm;

import dev.kgen.ir.Block;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Decides which tiles are computed inside their consumer's loop instead of into an array of
 * their own. A tile is inlined when an elementwise op (or pointer arithmetic) defines it, it has
 * exactly one use, and that use is an elementwise op, a load, a store, a reduction or a yield in
 * the same block: each of those reads every element once, at the point where it would have been
 * stored, so nothing is computed twice and nothing moves into a loop. (A yielded tile is then
 * computed straight into the loop-carried array it replaces, see ProgramEmitter's assign.) Views (expand_dims, broadcast),
 * dots (which read each operand element several times) and yields always read arrays.
 */
final class FusionPlan {
  private static final Set<Class<?>> ELEMENTWISE =
      Set.of(Op.Unary.class, Op.Binary.class, Op.Select.class, Op.Cast.class, Op.AddPtr.class);
  private static final Set<Class<?>> CONSUMERS = Set.of(Op.Unary.class, Op.Binary.class, Op.Select.class,
      Op.Cast.class, Op.AddPtr.class, Op.Load.class, Op.Store.class, Op.Reduce.class, Op.Yield.class);

  private record Use(Op consumer, Block block, int count) {}

  private final Map<Value, Block> definedIn = new IdentityHashMap<>();
  private final Map<Value, Use> uses = new IdentityHashMap<>();
  private final Map<Value, Block> loadedIn = new IdentityHashMap<>();

  private FusionPlan() {}

  static FusionPlan of(Kernel k) {
    FusionPlan p = new FusionPlan();
    p.scan(k.body());
    return p;
  }

  private void scan(Block b) {
    for (Op op : b.ops()) {
      if (ELEMENTWISE.contains(op.getClass())) {
        definedIn.put(op.results().get(0), b);
      }
      if (op instanceof Op.Load) {
        loadedIn.put(op.results().get(0), b);
      }
      for (Value v : op.operands()) {
        Use u = uses.get(v);
        uses.put(v, new Use(op, b, u == null ? 1 : u.count() + 1));
      }
      for (Block inner : op.blocks()) {
        scan(inner);
      }
    }
  }

  /** Whether {@code v} is computed where its single consumer reads it. */
  boolean inlined(Value v) {
    Block home = definedIn.get(v);
    Use u = uses.get(v);
    if (home == null || u == null || u.count() != 1 || u.block() != home || v.shape().isScalar()) {
      return false;
    }
    return CONSUMERS.contains(u.consumer().getClass());
  }

  /**
   * Whether the 2-D tile {@code v} is read once, by a transpose: it may then be stored
   * column-major, so that the transpose (attention's {@code trans(K)} and {@code trans(V)}) is a
   * dense row-major array that {@code dot} reads as it is.
   */
  boolean onlyTransposed(Value v) {
    Use u = uses.get(v);
    return u != null && u.count() == 1 && u.consumer() instanceof Op.Trans && v.shape().rank() == 2
        && v.shape().dim(0) > 1 && v.shape().dim(1) > 1;
  }

  /**
   * Whether the loaded tile {@code v} is read once, by an elementwise op in its own block (which
   * may then compute its results per stored code, see {@link Elem.Coded}).
   */
  boolean loadFeedsElementwise(Value v) {
    Block home = loadedIn.get(v);
    Use u = uses.get(v);
    if (home == null || u == null || u.count() != 1 || u.block() != home || v.shape().isScalar()) {
      return false;
    }
    Class<?> c = u.consumer().getClass();
    return c == Op.Unary.class || c == Op.Binary.class || c == Op.Select.class || c == Op.Cast.class;
  }
}
