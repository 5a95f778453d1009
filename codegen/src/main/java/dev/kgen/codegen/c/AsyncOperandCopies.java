package dev.kgen.codegen.c;

import dev.kgen.errors.KgenInternalError;
import dev.kgen.ir.Block;
import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * the dot's dtype (its bits are the operand's: fp8 tiles are dequantized in registers and
 * staged as before) and masked-off elements read as zero. Its buffer is held for the whole
 * loop, rows of the tile's length plus {@link TensorCoreDot#A_PADDING} as the dot reads them;
 * the barrier after each product orders an iteration's reads before the next one's copies.
 * This class plans the buffers and counts the groups of copies; {@link AsyncCopyLoad} writes a
 * load's copies.
 */
final class AsyncOperandCopies {
  /** Shared bytes the copied tiles may hold, on top of the staging budget (CUDA then declares it dynamic). */
  static final int BUDGET = 48 * 1024;

  /** The copy of a tile: {@code name} points at its first element, rows of {@code rowLength} elements. */
  record Buffer(String name, int rowLength, int bytes, Op.For loop) {}

  private final LoweringContext cx;
  private final Map<Value, Buffer> buffers = new IdentityHashMap<>();
  /** Loads whose copies were written, in program order: one group of copies each. */
  private final List<Value> issued = new ArrayList<>();
  private int heldBytes;

  AsyncOperandCopies(LoweringContext cx) {
    this.cx = cx;
  }

  /**
   * Holds a buffer, ahead of {@code loop}, for each tile of its body that qualifies; returns
   * those tiles for {@link #release}.
   */
  List<Value> plan(Op.For loop, Predicate<Op.Dot> onTensorCores, Function<Value, Op> definitions) {
    List<Value> planned = new ArrayList<>();
    if (!cx.dialect.hasAsyncCopy()) {
      return planned;
    }
    Map<Value, Integer> uses = new IdentityHashMap<>();
    countUses(loop.body(), uses);
    Set<Op> top = Collections.newSetFromMap(new IdentityHashMap<>());
    top.addAll(loop.body().ops());
    for (Op op : loop.body().ops()) {
      if (!(op instanceof Op.Dot o) || !onTensorCores.test(o)
          || !(definitions.apply(o.b()) instanceof Op.Trans t) || !top.contains(t) || uses.get(t.result()) != 1
          || !(definitions.apply(t.x()) instanceof Op.Load load) || !top.contains(load)) {
        continue;
      }
      Value x = load.result();
      if (uses.get(x) != 1 || x.dtype() != o.a().dtype() || !zeroWhereMasked(load, definitions)
          || cx.layout(x).hasPhantoms()) {
        continue;
      }
      int rowLength = x.shape().dim(1) + TensorCoreDot.A_PADDING; // a multiple of 8: rows stay 16-byte aligned
      int bytes = x.shape().dim(0) * rowLength * x.dtype().bytes();
      if (heldBytes + bytes > BUDGET) {
        continue;
      }
      heldBytes += bytes;
      int offset = cx.holdShared(bytes, "the copy of " + x.type());
      String name = "kgen_copy" + offset;
      cx.sharedView(name, cx.dialect.storageType(x.dtype()), offset);
      buffers.put(x, new Buffer(name, rowLength, bytes, loop));
      planned.add(x);
    }
    return planned;
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

  /** The buffer load result {@code v} is copied into, or null when it is loaded into registers. */
  Buffer buffer(Value v) {
    return buffers.get(v);
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
    int at = issued.lastIndexOf(v);
    if (at < 0) {
      throw new KgenInternalError(cx.kernel.name() + ": a dot reads the copy of " + v + " before it is started");
    }
    Op.For loop = buffers.get(v).loop();
    long later = issued.subList(at + 1, issued.size()).stream()
        .filter(w -> buffers.containsKey(w) && buffers.get(w).loop() == loop).count();
    return "kgen_copy_wait<" + later + ">();";
  }

  /**
   * Ends the buffers among {@code values} once their loop is closed (the caller releases the
   * shared bytes); values without one are skipped.
   */
  void release(List<Value> values) {
    for (Value v : values) {
      Buffer b = buffers.remove(v);
      if (b != null) {
        heldBytes -= b.bytes();
      }
    }
  }
}
