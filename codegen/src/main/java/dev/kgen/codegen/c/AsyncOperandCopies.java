package dev.kgen.codegen.c;

import dev.kgen.errors.KgenInternalError;
import dev.kgen.ir.Block;
import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Tiles copied from global memory straight into the shared buffer a tensor-core dot reads them
 * from (the K and V tiles of paged attention), where the dot would otherwise load them into
 * registers and store them there itself. Each thread starts the copies of its runs and goes
 * on, so V streams in while the QK product and the softmax run, and the registers that held
 * the two tiles (half of them at 64-token tiles) are free. A dot waits for its operand's copies
 * only, not for those started after them.
 *
 * <p>A tile qualifies when it is loaded at the top level of a loop body, its one use is a
 * {@code trans} whose one use is the B operand of a tensor-core dot in the same body, it has
 * the dot's dtype (its bits are the operand's) or is an fp8 tile scaled into it (copied as bytes
 * and converted by the dot, {@link DequantizedOperand}), and masked-off elements read as zero.
 * Its buffer is held for the whole loop, rows of the tile's length plus
 * {@link TensorCoreDot#A_PADDING} as the dot reads them (fp8 rows unpadded); the barrier after
 * each product orders an iteration's reads before the next one's copies. This class plans the
 * buffers, counts the groups of copies and names the ops they make unnecessary;
 * {@link AsyncCopyLoad} writes a load's copies.
 */
final class AsyncOperandCopies {
  /**
   * Shared bytes the copied tiles may hold, on top of the staging budget (CUDA then declares it
   * dynamic); a dialect with a {@link CFamilyEmitter#sharedLimit} gets less where they would not fit.
   */
  static final int BUDGET = 72 * 1024;

  /**
   * The copy of a tile: {@code name} points at its first element, rows of {@code rowLength}
   * elements of C pointer type {@code pointerType} (with an {@code order}: each column group's
   * rows of that many); {@code bytes} are held at {@code base}. A
   * pipelined buffer ({@link CopyPipeline}) has two stages of {@code stageElements} elements,
   * and {@code name} is the stage of the iteration being emitted. {@code loaded} is the tile
   * copied; {@code dot} the product whose B it is; {@code dequantized}, when not null, the dot
   * operand the dot converts it into;
   * {@code order}, when not null, the order its runs are copied in ({@link CopyOrder}), their
   * offsets recomputed by the copies (the ops that only computed them are left out).
   */
  record Buffer(String name, String base, String pointerType, int rowLength, int bytes, int stageElements, Op.For loop,
      Value loaded, Op.Dot dot, DequantizedOperand dequantized, CopyOrder order, boolean refilled) {
    boolean pipelined() {
      return stageElements > 0;
    }

    /** Whether an iteration's copies were started before it began (pipelined or refilled). */
    boolean startedAhead() {
      return pipelined() || refilled;
    }

    /** Where element ({@code row}, {@code col}) of the tile lies in the copy (C expressions). */
    String offset(String row, String col) {
      return order != null ? order.offset(row, col) : row + " * " + rowLength + " + " + col;
    }
  }

  private final LoweringContext cx;
  private final Map<Value, Buffer> buffers = new LinkedHashMap<>(); // Value has identity equality; in order planned
  /** The buffers of dequantized copies by the dot operand they become. */
  private final Map<Value, Buffer> operands = new IdentityHashMap<>();
  /** Loads whose copies were written, in program order: one group of copies each. */
  private final List<Value> issued = new ArrayList<>();
  /** What a pipelined loop runs ahead for its next iteration. */
  private final Map<Op.For, CopyPipeline.Plan> pipelines = new IdentityHashMap<>();
  /** What a loop with refilled buffers runs ahead for its next iteration, a buffer at a time. */
  private final Map<Op.For, CopyPipeline.Plan> refills = new IdentityHashMap<>();
  /** What starts a refilled buffer's next copies, while its loop's body is lowered. */
  private final Map<Op.For, Consumer<Buffer>> refillers = new IdentityHashMap<>();
  /**
   * Ops of loop bodies the copies make unnecessary: the transposes of copied tiles (their one
   * reader, the dot, reads the copy), the conversion ops of dequantized copies (the dot
   * converts) and what a pipelined loop ran an iteration ahead only for its copies.
   */
  private final Set<Op> leftOut = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Ops whose values the copies in their own order recompute ({@link #onlyAddressing}): never lowered. */
  private final Set<Op> recomputed = Collections.newSetFromMap(new IdentityHashMap<>());
  private int heldBytes;
  private boolean prefetching;

  AsyncOperandCopies(LoweringContext cx) {
    this.cx = cx;
  }

  /**
   * Holds a buffer, ahead of {@code loop}, for each tile of its body that qualifies; returns
   * those tiles for {@link #release}. With two copy stages ({@code CodegenOptions.copyStages})
   * the buffers are doubled and the loop pipelined when its copies can be started an
   * iteration ahead ({@link CopyPipeline#plan}) and both stages of every tile fit the budget.
   */
  List<Value> plan(Op.For loop, Predicate<Op.Dot> onTensorCores, Function<Value, Op> definitions) {
    List<Value> planned = new ArrayList<>();
    if (!cx.dialect.hasAsyncCopy()) {
      return planned;
    }
    List<Candidate> candidates = candidates(loop, onTensorCores, definitions);
    CopyPipeline.Plan ahead = candidates.isEmpty() ? null
        : CopyPipeline.plan(loop, candidates.stream().map(Candidate::loaded).toList());
    int oneStage = candidates.stream().mapToInt(Candidate::stageBytes).sum();
    boolean pipelined = ahead != null && cx.options.copyStages() == 2 && heldBytes + 2 * oneStage <= cx.copyBudget;
    boolean refilled = ahead != null && !pipelined && heldBytes + oneStage <= cx.copyBudget;
    RunSteps steps = new RunSteps(cx, definitions);
    List<Op> inOrder = new ArrayList<>();
    for (Candidate c : candidates) {
      Value x = c.loaded();
      Op.Load load = (Op.Load) definitions.apply(x);
      CopyOrder order = CopyOrder.plan(cx, steps, load);
      int stage = order != null ? x.shape().numel() * x.dtype().bytes() : c.stageBytes(); // in order: no padding
      int bytes = pipelined ? 2 * stage : stage;
      if (heldBytes + bytes > cx.copyBudget) {
        continue;
      }
      heldBytes += bytes;
      int offset = cx.holdShared(bytes, "the copy of " + x.type());
      String base = "kgen_copy" + offset;
      cx.sharedView(base, cx.dialect.storageType(x.dtype()), offset);
      String pointerType = cx.dialect.sharedPointerType(cx.dialect.storageType(x.dtype()));
      if (order != null) {
        inOrder.add(load);
      }
      Buffer b = new Buffer(pipelined ? base + "_at" : base, base, pointerType, order != null ? order.columns() : c.rowLength(), bytes,
          pipelined ? stage / x.dtype().bytes() : 0, loop, x, c.dot(), c.dequantized(), order, refilled);
      buffers.put(x, b);
      leftOut.add(c.transpose());
      if (c.dequantized() != null) {
        operands.put(c.dequantized().narrow().result(), b);
        leftOut.addAll(c.dequantized().conversion());
      }
      planned.add(x);
    }
    if (pipelined || refilled) {
      (pipelined ? pipelines : refills).put(loop, ahead);
      leftOut.addAll(ahead.aheadOnly());
    }
    Set<Op> addressing = onlyAddressing(loop.body(), inOrder);
    leftOut.addAll(addressing);
    recomputed.addAll(addressing); // a pipeline runs the rest of its slice ahead, not these
    return planned;
  }

  /**
   * The ops of {@code body} that compute nothing but the pointers and masks of {@code loads}
   * (copied in their own order, which recomputes them): pure ops other than loads whose every
   * result is read only by those loads or by such ops. Loads (a block-table entry) stay, since
   * the recomputed offsets read their values.
   */
  private static Set<Op> onlyAddressing(Block body, List<Op> loads) {
    Set<Op> slice = Collections.newSetFromMap(new IdentityHashMap<>());
    if (loads.isEmpty()) {
      return slice;
    }
    Map<Value, List<Op>> readers = new IdentityHashMap<>();
    for (Op op : body.ops()) {
      List<Value> read = new ArrayList<>();
      CopyPipeline.addReads(op, read);
      read.forEach(v -> readers.computeIfAbsent(v, k -> new ArrayList<>()).add(op));
    }
    Set<Op> consumers = Collections.newSetFromMap(new IdentityHashMap<>());
    consumers.addAll(loads);
    List<Op> ops = body.ops();
    for (int i = ops.size() - 1; i >= 0; i--) {
      Op op = ops.get(i);
      if (!op.pure() || op instanceof Op.Load || !op.blocks().isEmpty() || op.results().isEmpty()) {
        continue;
      }
      boolean addressing = op.results().stream()
          .allMatch(r -> readers.containsKey(r) && consumers.containsAll(readers.get(r)));
      if (addressing) {
        slice.add(op);
        consumers.add(op);
      }
    }
    return slice;
  }

  /**
   * A tile that may be copied for {@code dot}: {@code loaded} itself is the dot's operand unless
   * it is {@code dequantized}; {@code transpose} makes the operand the dot's B.
   */
  private record Candidate(Value loaded, Op.Dot dot, DequantizedOperand dequantized, Op.Trans transpose) {
    /**
     * Rows of the tile's length plus {@link TensorCoreDot#A_PADDING} elements, which keeps rows
     * 16-byte aligned (the length is a multiple of 8) and the dot's reads free of bank conflicts.
     * fp8 rows are not padded: the dot's conversion reads them a row at a time, and a padded
     * row would put two rows read by one half-warp into the same banks.
     */
    int rowLength() {
      return loaded.shape().dim(1) + (dequantized != null ? 0 : TensorCoreDot.A_PADDING);
    }

    int stageBytes() {
      return loaded.shape().dim(0) * rowLength() * loaded.dtype().bytes();
    }
  }

  /** The tiles of {@code loop}'s body that may be copied, in the order of their dots. */
  private List<Candidate> candidates(Op.For loop, Predicate<Op.Dot> onTensorCores, Function<Value, Op> definitions) {
    List<Candidate> candidates = new ArrayList<>();
    Map<Value, Integer> uses = new IdentityHashMap<>();
    countUses(loop.body(), uses);
    Set<Op> top = Collections.newSetFromMap(new IdentityHashMap<>());
    top.addAll(loop.body().ops());
    for (Op op : loop.body().ops()) {
      if (!(op instanceof Op.Dot o) || !onTensorCores.test(o)
          || !(definitions.apply(o.b()) instanceof Op.Trans t) || !top.contains(t) || uses.get(t.result()) != 1
          || uses.get(t.x()) != 1) {
        continue;
      }
      DequantizedOperand dq = DequantizedOperand.match(t.x(), definitions, uses, top);
      Op loaded = dq != null ? dq.load() : definitions.apply(t.x());
      if (!(loaded instanceof Op.Load load) || !top.contains(load) || t.x().dtype() != o.a().dtype()) {
        continue;
      }
      Value x = load.result();
      if (uses.get(x) == 1 && zeroWhereMasked(load, definitions) && !cx.layout(x).hasPhantoms()
          && (dq == null || x.shape().dim(1) % 16 == 0)) {
        candidates.add(new Candidate(x, o, dq, t));
      }
    }
    return candidates;
  }

  private static boolean zeroWhereMasked(Op.Load load, Function<Value, Op> definitions) {
    return load.mask() == null || load.other() == null
        || definitions.apply(load.other()) instanceof Op.Full f && Double.doubleToRawLongBits(f.value()) == 0L;
  }

  private static void countUses(Block b, Map<Value, Integer> uses) {
    for (Op op : b.ops()) {
      op.operands().forEach(v -> uses.merge(v, 1, Integer::sum));
      op.blocks().forEach(inner -> countUses(inner, uses));
    }
  }

  /**
   * The buffer load result {@code v} is copied into, or that dot operand {@code v} is converted
   * from; null when {@code v} is in registers.
   */
  Buffer buffer(Value v) {
    Buffer b = buffers.get(v);
    return b != null ? b : operands.get(v);
  }

  /** Whether the copies recompute what {@code op} computes, so that nothing lowers it, a pipeline's slice included. */
  boolean recomputes(Op op) {
    return recomputed.contains(op);
  }

  /** Whether the loop body leaves {@code op} out ({@link #leftOut}). */
  boolean leavesOut(Op op) {
    return leftOut.contains(op);
  }

  /** Shared bytes the buffers of the enclosing loops hold. */
  int heldBytes() {
    return heldBytes;
  }

  /** Records that the copies of {@code v} were written and committed as one group. */
  void issued(Value v) {
    issued.add(v);
  }

  /**
   * The statement a dot runs before the barrier ahead of its product: wait until the copies of
   * {@code v} are done, letting those of its loop body started after them go on (copies in
   * nested loops may run zero or many times: waiting for them too is merely conservative).
   */
  String waitFor(Value v) {
    Buffer b = buffer(v);
    int at = b == null ? -1 : issued.lastIndexOf(b.loaded());
    if (at < 0) {
      throw new KgenInternalError(cx.kernel.name() + ": a dot reads the copy of " + v + " before it is started");
    }
    long later = issued.subList(at + 1, issued.size()).stream()
        .filter(w -> buffers.containsKey(w) && buffers.get(w).loop() == b.loop()).count();
    if (b.pipelined()) {
      // the copies last started are the next iteration's: this iteration's came a round before
      later += buffers.values().stream().filter(w -> w.loop() == b.loop()).count();
    }
    return cx.dialect.isCxx() ? "kgen_copy_wait<" + later + ">();" : "kgen_copy_wait(" + later + ");";
  }

  /**
   * Ends the buffers among {@code values} once their loop is closed (the caller releases the
   * shared bytes); values without one are skipped.
   */
  void release(List<Value> values) {
    for (Value v : values) {
      Buffer b = buffers.remove(v);
      if (b != null) {
        operands.values().remove(b);
        heldBytes -= b.bytes();
        pipelines.remove(b.loop());
        refills.remove(b.loop());
      }
    }
  }

  /** What {@code loop} runs ahead for its next iteration, or null when it is not pipelined. */
  CopyPipeline.Plan pipeline(Op.For loop) {
    return pipelines.get(loop);
  }

  /** The pipelined buffers of {@code loop}, in the order their copies are started. */
  List<Buffer> pipelined(Op.For loop) {
    return buffers.values().stream().filter(b -> b.loop() == loop && b.pipelined()).toList();
  }

  /** The buffers of {@code loop} whose copies start ahead of their iteration, in the order they are started. */
  List<Buffer> startedAhead(Op.For loop) {
    return buffers.values().stream().filter(b -> b.loop() == loop && b.startedAhead()).toList();
  }

  /**
   * What {@code loop}, with one copy stage, runs ahead for its next iteration a buffer at a time,
   * right after the dot that read the buffer ({@link CopyPipeline#refill}); null when it does not.
   */
  CopyPipeline.Plan refill(Op.For loop) {
    return refills.get(loop);
  }

  /** While {@code loop}'s body is lowered, {@code refiller} starts a buffer's next copies; null ends that. */
  void refillWith(Op.For loop, Consumer<Buffer> refiller) {
    if (refiller == null) {
      refillers.remove(loop);
    } else {
      refillers.put(loop, refiller);
    }
  }

  /**
   * Called by the dot that read {@code b}, after the barrier behind its product: a refilled
   * buffer is free from here on, so the copies of its next iteration start now.
   */
  void read(Buffer b) {
    Consumer<Buffer> refiller = refillers.get(b.loop());
    if (b.refilled() && refiller != null) {
      refiller.accept(b);
    }
  }

  /**
   * Whether loads copied into pipelined buffers start their copies now (a pipeline's prologue
   * or prefetch): in the loop body itself they were started an iteration ahead.
   */
  boolean prefetching() {
    return prefetching;
  }

  void prefetching(boolean on) {
    prefetching = on;
  }
}
