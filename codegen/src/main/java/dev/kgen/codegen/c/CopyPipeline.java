package dev.kgen.codegen.c;

import dev.kgen.ir.Block;
import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Software pipelining of a loop's asynchronous copies ({@link AsyncOperandCopies}, two copy
 * stages): each iteration starts the copies of the next one into the other stage of every
 * buffer before it computes on its own, so a program always has a tile's bytes in flight
 * instead of waiting for them at the top of every iteration. The loop's first copies start in
 * a prologue ahead of it.
 *
 * <p>What runs ahead is the slice of the body the copied loads depend on: pure ops and loads
 * (the block-table entries of paged attention), none of them depending on a value the loop
 * carries, in a body that stores nothing (so no load of the next iteration can read what this
 * one writes) and does not return (so no program ends with copies in flight). It runs under
 * {@code next < hi}; past the end every thread commits empty groups instead, so the number of
 * groups, which the dots' waits count, is the same in every iteration. A stage is overwritten
 * one iteration after it was read, by which time the barrier after the dot that read it has
 * been passed.
 */
final class CopyPipeline {
  private final LoweringContext cx;
  private final Consumer<Op> lower;

  CopyPipeline(LoweringContext cx, Consumer<Op> lower) {
    this.cx = cx;
    this.lower = lower;
  }

  /**
   * What runs ahead of a loop's iterations: {@code slice}, the ops of the body that computing
   * the copied loads needs, in program order (the loads included), and of those the ones the
   * body itself then leaves out ({@link #aheadOnly}).
   */
  record Plan(List<Op> slice, Set<Op> aheadOnly) {}

  /** The plan for copying {@code loads} an iteration ahead, or null when they cannot be. */
  static Plan plan(Op.For loop, List<Value> loads) {
    List<Op> slice = slice(loop, loads);
    return slice == null ? null : new Plan(slice, aheadOnly(loop, slice, loads));
  }

  /**
   * The ops of {@code loop}'s body, in program order, that computing {@code loads} needs (the
   * loads included), or null when they cannot run an iteration ahead.
   */
  static List<Op> slice(Op.For loop, List<Value> loads) {
    if (storesOrReturns(loop.body())) {
      return null;
    }
    Map<Value, Op> definitions = new IdentityHashMap<>();
    for (Op op : loop.body().ops()) {
      op.results().forEach(r -> definitions.put(r, op));
    }
    Set<Value> carried = Collections.newSetFromMap(new IdentityHashMap<>());
    carried.addAll(loop.carried());
    Set<Op> needed = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Value> work = new ArrayDeque<>(loads);
    while (!work.isEmpty()) {
      Value v = work.pop();
      if (carried.contains(v)) {
        return null;
      }
      Op d = definitions.get(v);
      if (d == null || needed.contains(d)) {
        continue; // defined outside the body (or the induction variable), or already taken
      }
      if (!d.blocks().isEmpty() || !(d.pure() || d instanceof Op.Load) || d instanceof Op.Dot) {
        return null;
      }
      needed.add(d);
      work.addAll(d.operands());
    }
    return loop.body().ops().stream().filter(needed::contains).toList();
  }

  /**
   * The ops of {@code slice} that only the copies of {@code loads} read: the body leaves them
   * out, since they ran an iteration ahead (and a C variable nothing reads is an error under
   * nvcc -Werror). The loads themselves stay: the body binds their buffers.
   */
  static Set<Op> aheadOnly(Op.For loop, List<Op> slice, Collection<Value> loads) {
    Set<Op> ahead = Collections.newSetFromMap(new IdentityHashMap<>());
    ahead.addAll(slice);
    Map<Value, Op> definitions = new IdentityHashMap<>();
    slice.forEach(op -> op.results().forEach(r -> definitions.put(r, op)));
    Deque<Value> work = new ArrayDeque<>();
    loop.body().ops().stream().filter(op -> !ahead.contains(op)).forEach(op -> addReads(op, work));
    Set<Op> needed = Collections.newSetFromMap(new IdentityHashMap<>());
    while (!work.isEmpty()) {
      Op d = definitions.get(work.pop());
      if (d != null && needed.add(d) && d.results().stream().noneMatch(loads::contains)) {
        d.operands().forEach(work::push);
      }
    }
    ahead.removeAll(needed);
    ahead.removeIf(op -> op.results().stream().anyMatch(loads::contains));
    return ahead;
  }

  /** Adds the values {@code op} reads to {@code into}, those of the ops in its blocks included. */
  static void addReads(Op op, Collection<Value> into) {
    into.addAll(op.operands());
    op.blocks().forEach(b -> b.ops().forEach(inner -> addReads(inner, into)));
  }

  /** Whether {@code b} stores (atomically too) or returns (a program must not end with copies into its shared memory in flight). */
  private static boolean storesOrReturns(Block b) {
    for (Op op : b.ops()) {
      if (op instanceof Op.Store || op instanceof Op.AtomicAdd || op instanceof Op.Return
          || op.blocks().stream().anyMatch(CopyPipeline::storesOrReturns)) {
        return true;
      }
    }
    return false;
  }

  /** Ahead of {@code loop}: starts the copies of its first iteration, {@code lo}, into stage 0. */
  void prologue(Op.For loop, Plan plan, String lo, String hi) {
    String first = cx.names.internal("kgen_first");
    cx.out.open("");
    cx.out.line("const int " + first + " = " + lo + ";");
    ahead(loop, plan.slice(), Map.of(), first, hi, "0", cx.copies.startedAhead(loop));
    cx.out.close();
  }

  /**
   * With one copy stage, right after the dot that read {@code b} in iteration {@code iv}: starts
   * the copies of the next iteration into it, so that they are in flight while the rest of this
   * iteration computes (the copies of the next tile into the other buffers start after their own
   * dots). Between a buffer's copies and its dot every other buffer of the loop starts its copies
   * once, so a dot's wait lets those go on ({@link AsyncOperandCopies#waitFor}).
   */
  void refill(Op.For loop, Plan plan, AsyncOperandCopies.Buffer b, String iv, String hi, Map<Value, CValue> preloaded) {
    String next = cx.names.internal("kgen_next");
    cx.out.open("");
    cx.out.line("const int " + next + " = " + iv + " + 1;");
    List<Op> notPreloaded = plan.slice().stream().filter(op -> op.results().stream().noneMatch(preloaded::containsKey)).toList();
    ahead(loop, reading(notPreloaded, List.of(b.loaded())), preloaded, next, hi, "0", List.of(b));
    cx.out.close();
  }

  /** The ops of {@code ops} (in program order) that computing {@code roots} reads, the roots' own included. */
  private static List<Op> reading(List<Op> ops, List<Value> roots) {
    Set<Value> read = Collections.newSetFromMap(new IdentityHashMap<>());
    read.addAll(roots);
    Set<Op> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = ops.size() - 1; i >= 0; i--) {
      Op op = ops.get(i);
      if (op.results().stream().anyMatch(read::contains)) {
        kept.add(op);
        addReads(op, read);
      }
    }
    return ops.stream().filter(kept::contains).toList();
  }

  /**
   * At the top of a refilled loop's body: the slice's scalar loads other than the copies (the
   * block-table entries of paged attention) for the next iteration, so that the refills, which
   * read them, do not wait for memory in the middle of the iteration. Past the end they load
   * this iteration's again (addresses known to be valid); the refills start no copies there.
   * Returns the variables they are in, by the loads' results; none when a load is a tile.
   */
  Map<Value, CValue> preload(Op.For loop, Plan plan, String iv, String hi) {
    List<Op> loads = plan.slice().stream().filter(op -> op instanceof Op.Load l && cx.copies.buffer(l.result()) == null)
        .toList();
    if (loads.isEmpty() || loads.stream().anyMatch(op -> !op.results().get(0).shape().isScalar())) {
      return Map.of();
    }
    List<Value> values = loads.stream().map(op -> op.results().get(0)).toList();
    List<Op> needed = reading(plan.slice(), values);
    Map<Value, CValue> held = new IdentityHashMap<>();
    for (Value v : values) {
      String n = cx.names.internal("kgen_preloaded");
      cx.out.line(cx.type(v.dtype()) + " " + n + ";");
      held.put(v, new CValue.Scalar(n));
    }
    String ahead = cx.names.internal("kgen_ahead");
    cx.out.open("");
    cx.out.line("const int " + ahead + " = " + iv + " + 1 < " + hi + " ? " + iv + " + 1 : " + iv + ";");
    List<Value> anew = needed.stream().flatMap(op -> op.results().stream()).toList();
    cx.scopedAnew(loop.iv(), new CValue.Scalar(ahead), anew, () -> {
      needed.stream().filter(op -> !cx.copies.recomputes(op)).forEach(lower);
      values.forEach(v -> cx.out.line(held.get(v).at("") + " = " + cx.get(v).at("") + ";"));
    });
    cx.out.close();
    return held;
  }

  /**
   * At the top of {@code loop}'s body: starts the copies of the next iteration into the other
   * stage, then points each buffer at the stage of this one.
   */
  void prefetch(Op.For loop, Plan plan, String iv, String lo, String hi) {
    String next = cx.names.internal("kgen_next");
    cx.out.open("");
    cx.out.line("const int " + next + " = " + iv + " + 1;");
    ahead(loop, plan.slice(), Map.of(), next, hi, stage(next, lo), cx.copies.pipelined(loop));
    cx.out.close();
    stageViews(loop, stage(iv, lo));
  }

  /**
   * The slice for iteration {@code at} (a C variable) into stage {@code stage}, if {@code at < hi},
   * the values of {@code read} read as given (loaded earlier); else one empty group for each of
   * {@code buffers}, the buffers the slice copies into.
   */
  private void ahead(Op.For loop, List<Op> slice, Map<Value, CValue> read, String at, String hi, String stage,
      List<AsyncOperandCopies.Buffer> buffers) {
    cx.out.open("if (" + at + " < " + hi + ")");
    stageViews(loop, stage);
    cx.copies.prefetching(true);
    try {
      List<Value> anew = new ArrayList<>(read.keySet());
      slice.forEach(op -> anew.addAll(op.results()));
      cx.scopedAnew(loop.iv(), new CValue.Scalar(at), anew, () -> {
        read.forEach(cx::bind);
        slice.stream().filter(op -> !cx.copies.recomputes(op)).forEach(lower);
      });
    } finally {
      cx.copies.prefetching(false);
    }
    cx.out.reopen("} else {");
    String commit = cx.helpers.use(Helper.ASYNC_COPY_GROUPS) + "();";
    buffers.forEach(b -> cx.out.line(commit + " // nothing to copy past the end: the groups still count"));
    cx.out.close();
  }

  private void stageViews(Op.For loop, String stage) {
    for (AsyncOperandCopies.Buffer b : cx.copies.pipelined(loop)) {
      cx.out.line(b.pointerType() + " " + b.name() + " = " + b.base()
          + (stage.equals("0") ? "" : " + " + stage + " * " + b.stageElements()) + ";");
    }
  }

  private static String stage(String iteration, String lo) {
    return "((" + iteration + " - (" + lo + ")) & 1)";
  }
}
