package dev.kgen.codegen.c;

import dev.kgen.ir.Block;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, before lowering, which row vectors are held as the rows of their parent's layout
 * ({@link TileLayout#rowsOf}) instead of in a layout of their own, so that a softmax's row
 * statistics need no shared memory: the row maximum and sum, reduced by warp shuffles, stay in
 * the lanes that reduced them, the statistics computed from them (the running maximum, the
 * rescale factor) are computed in those lanes, and broadcasting them back over the scores is a
 * register copy. Without this, each of those steps is a round trip through shared memory with
 * two barriers.
 *
 * <p>The rules, applied in program order:
 * <ol>
 *   <li>a reduction along the innermost axis that {@link WarpReduction} keeps within warps
 *       ({@link WarpReduction#keepsRowsInWarps}) gives rows;
 *   <li>an elementwise op (unary, binary, select, cast) with an operand in rows gives the same
 *       rows when each of its other tile operands is in the same rows or cheap to recompute in
 *       them ({@link RematerializationCost}); otherwise it keeps its own layout, and reads its
 *       operands in theirs. An expand_dims of rows gives rows;
 *   <li>a loop-carried value is held in rows when its yielded value is, in the same layout,
 *       and every op that reads it inside the loop takes rows (the largest such set, found by
 *       assuming every candidate and dropping those that fail: the carried statistics of a
 *       softmax feed each other); the loop's result is then held in rows too;
 *   <li>every other value keeps its own layout.
 * </ol>
 * A value in rows that some op reads in its own layout (a store, a dot, a branch's yield) is
 * also converted to it once where it is defined ({@link #needsCanonical}). The lowering trusts
 * the plan: a carried value in rows has no form in its own layout, and an op planned in rows
 * must find its operands there or convertible ({@link ReplicatedRows#in}).
 */
final class ReplicatedRowsPlan {
  private final WarpReduction warpReduction;
  private final RematerializationCost recompute;
  private final Map<Value, TileLayout> rows = new IdentityHashMap<>();
  private final Map<Value, List<Op>> users = new IdentityHashMap<>();
  private final Map<Op.Yield, Op.For> loopOfYield = new IdentityHashMap<>();
  private final Set<Value> needsCanonical = Collections.newSetFromMap(new IdentityHashMap<>());
  /**
   * While a loop's candidates are sought (rule 3): its carried values, and what is computed from
   * them alone, taken as able to join any rows.
   */
  private final Set<Value> wildcards = Collections.newSetFromMap(new IdentityHashMap<>());

  private ReplicatedRowsPlan(WarpReduction warpReduction, RematerializationCost recompute) {
    this.warpReduction = warpReduction;
    this.recompute = recompute;
  }

  /**
   * The plan for {@code kernel}; empty where the dialect has no warp shuffles. {@code recompute}
   * must be an instance of its own: it costs values before any is lowered, and its memo would
   * otherwise change the lowering's own decisions to recompute.
   */
  static ReplicatedRowsPlan of(Kernel kernel, WarpReduction warpReduction, RematerializationCost recompute) {
    ReplicatedRowsPlan p = new ReplicatedRowsPlan(warpReduction, recompute);
    p.collectUsers(kernel.body());
    p.plan(kernel.body());
    for (Map.Entry<Value, TileLayout> e : p.rows.entrySet()) {
      if (!p.allUsersTakeRows(e.getKey(), e.getValue())) {
        p.needsCanonical.add(e.getKey());
      }
    }
    return p;
  }

  /** The rows layout {@code v} is held in, or null when it has its own layout. */
  TileLayout rows(Value v) {
    return rows.get(v);
  }

  /** Whether some op reads {@code v}, held in rows, in its own layout. */
  boolean needsCanonical(Value v) {
    return needsCanonical.contains(v);
  }

  private void collectUsers(Block b) {
    for (Op op : b.ops()) {
      for (Value v : op.operands()) {
        users.computeIfAbsent(v, k -> new ArrayList<>()).add(op);
      }
      if (op instanceof Op.For f) {
        List<Op> body = f.body().ops();
        if (!body.isEmpty() && body.get(body.size() - 1) instanceof Op.Yield y) {
          loopOfYield.put(y, f);
        }
      }
      op.blocks().forEach(this::collectUsers);
    }
  }

  private void plan(Block b) {
    for (Op op : b.ops()) {
      if (op instanceof Op.Reduce r) {
        if (warpReduction.keepsRowsInWarps(r)) {
          rows.put(r.result(), warpReduction.rowsLayout(r));
        }
      } else if (isElementwise(op)) {
        elementwise(op);
      } else if (op instanceof Op.ExpandDims e) {
        TileLayout l = rows.get(e.x());
        if (l != null) {
          rows.put(e.result(), l);
        }
      } else if (op instanceof Op.For f) {
        loop(f);
      } else {
        op.blocks().forEach(this::plan);
      }
    }
  }

  private static boolean isElementwise(Op op) {
    return op instanceof Op.Unary || op instanceof Op.Binary || op instanceof Op.Select || op instanceof Op.Cast;
  }

  private void elementwise(Op op) {
    Value r = op.results().get(0);
    if (r.shape().isScalar() || r.type().pointer()) {
      return;
    }
    TileLayout common = null;
    boolean fromWildcard = false;
    for (Value v : op.operands()) {
      TileLayout l = rows.get(v);
      if (l != null && common != null && !common.sameDistribution(l)) {
        return; // rows of two parents: the op keeps its own layout
      }
      common = l != null ? l : common;
      fromWildcard |= wildcards.contains(v);
    }
    for (Value v : op.operands()) {
      if (rows.get(v) == null && !v.shape().isScalar() && !wildcards.contains(v) && !recompute.worthRecomputing(v)) {
        return; // gathering it into rows would cost more barriers than the rows save
      }
    }
    if (common != null) {
      rows.put(r, common);
    } else if (fromWildcard) {
      wildcards.add(r); // computed from carried values only: in rows if they are
    }
  }

  /**
   * Rule 3: the carried values held in rows. The candidates are those whose yielded value is in
   * rows when every carried value may join any rows; assuming them all, those that fail the rule
   * drop out, and the body is planned again until none does.
   */
  private void loop(Op.For f) {
    Set<Value> inside = Collections.newSetFromMap(new IdentityHashMap<>());
    definedIn(f.body(), inside);
    Set<Value> outer = Collections.newSetFromMap(new IdentityHashMap<>());
    outer.addAll(wildcards);
    wildcards.addAll(f.carried());
    Map<Value, TileLayout> assumed = planBody(f, inside, new IdentityHashMap<>(), false);
    wildcards.retainAll(outer);
    while (true) {
      Map<Value, TileLayout> next = planBody(f, inside, assumed, true);
      next.keySet().retainAll(assumed.keySet());
      if (same(next, assumed)) {
        break;
      }
      assumed = next; // a subset each time (a value whose layout changes fails its readers): this ends
    }
    bindResults(f, assumed);
  }

  /**
   * Plans the body with {@code assumed} carried values in rows; returns the carried values whose
   * yielded value then is in rows and, if {@code checkReaders}, whose readers all take rows.
   */
  private Map<Value, TileLayout> planBody(Op.For f, Set<Value> inside, Map<Value, TileLayout> assumed, boolean checkReaders) {
    rows.keySet().removeAll(inside);
    f.carried().forEach(rows::remove);
    rows.putAll(assumed);
    plan(f.body());
    List<Op> body = f.body().ops();
    Op.Yield y = (Op.Yield) body.get(body.size() - 1);
    Map<Value, TileLayout> next = new IdentityHashMap<>();
    for (int i = 0; i < f.carried().size(); i++) {
      Value c = f.carried().get(i);
      TileLayout l = rows.get(y.values().get(i));
      if (l != null && !c.type().pointer() && (!checkReaders || allUsersTakeRows(c, l))) {
        next.put(c, l);
      }
    }
    return next;
  }

  private void bindResults(Op.For f, Map<Value, TileLayout> carried) {
    for (int i = 0; i < f.carried().size(); i++) {
      TileLayout l = carried.get(f.carried().get(i));
      if (l != null) {
        rows.put(f.results().get(i), l);
      }
    }
  }

  private static boolean same(Map<Value, TileLayout> a, Map<Value, TileLayout> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    return a.entrySet().stream().allMatch(e -> e.getValue().sameDistribution(b.get(e.getKey())));
  }

  private static void definedIn(Block b, Set<Value> out) {
    for (Op op : b.ops()) {
      out.addAll(op.results());
      if (op instanceof Op.For f) {
        out.addAll(f.carried());
        out.add(f.iv());
      }
      op.blocks().forEach(inner -> definedIn(inner, out));
    }
  }

  /** Whether every op that reads {@code v} takes it in the rows {@code l}. */
  private boolean allUsersTakeRows(Value v, TileLayout l) {
    for (Op user : users.getOrDefault(v, List.of())) {
      if (!takesRows(user, v, l)) {
        return false;
      }
    }
    return true;
  }

  private boolean takesRows(Op user, Value v, TileLayout l) {
    if (user instanceof Op.Broadcast) {
      return true; // from rows directly: a register copy, or staged from the rows
    }
    if (isElementwise(user) || user instanceof Op.ExpandDims) {
      return inRows(user.results().get(0), l);
    }
    if (user instanceof Op.For f) {
      return carriedInRows(f, f.inits(), v, l);
    }
    if (user instanceof Op.Yield y && loopOfYield.containsKey(y)) {
      return carriedInRows(loopOfYield.get(y), y.values(), v, l);
    }
    return false;
  }

  /** Whether every carried value that {@code v} feeds (at its positions in {@code feeds}) is in rows {@code l}. */
  private boolean carriedInRows(Op.For f, List<Value> feeds, Value v, TileLayout l) {
    for (int i = 0; i < feeds.size(); i++) {
      if (feeds.get(i) == v && !inRows(f.carried().get(i), l)) {
        return false;
      }
    }
    return true;
  }

  private boolean inRows(Value v, TileLayout l) {
    TileLayout held = rows.get(v);
    return held != null && held.sameDistribution(l);
  }
}
