package dev.kgen.codegen.c;

import dev.kgen.ir.Block;
import dev.kgen.ir.DType;
import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.function.Function;

/**
 * Loads and stores through pointer tiles. Each thread touches memory only for the elements it
 * owns that are not phantoms and whose mask is true; masked-off loads give {@code other} (or
 * zero) without reading. Values are converted exactly between storage and register form.
 */
final class MemoryLowering {
  private final LoweringContext cx;
  private final VectorizedLoad vectorized;
  private final AsyncCopyLoad asyncCopy;

  /** {@code definitions}: the op defining a value (null for parameters and block arguments). */
  MemoryLowering(LoweringContext cx, Function<Value, Op> definitions) {
    this.cx = cx;
    this.vectorized = new VectorizedLoad(cx, this, new RunSteps(cx, definitions));
    this.asyncCopy = new AsyncCopyLoad(cx, vectorized, new RematerializedElement(cx, new RematerializationCost(cx)), definitions);
  }

  void load(Op.Load o) {
    Value r = o.result();
    AsyncOperandCopies.Buffer copy = cx.copies.buffer(r);
    if (copy != null) {
      asyncCopy.emit(o, copy);
      return;
    }
    DType d = r.dtype();
    CValue.Pointer p = cx.pointer(o.ptr(), o);
    CValue mask = o.mask() == null ? null : cx.get(o.mask());
    CValue other = o.other() == null ? null : cx.get(o.other());
    String type = cx.type(IntrinsicTable.computeDType(d));
    String name = cx.name(r);
    boolean uniform = p.offsets().uniform() && (mask == null || mask.uniform()) && (other == null || other.uniform());
    if (uniform) {
      // every element reads the same address: one load per thread, kept as a scalar or splat
      String value = element(d, p, mask == null ? null : mask.at(""), other, "");
      cx.out.line("const " + type + " " + name + " = " + value + ";");
      cx.bind(r, r.shape().isScalar() ? new CValue.Scalar(name) : new CValue.Splat(name, cx.layout(r)));
      return;
    }
    TileLayout l = cx.layout(r);
    int width = vectorized.width(o, d, l, p.offsets());
    if (width > 0) {
      vectorized.emit(o, name, type, l, p, mask, other, width);
      cx.bind(r, new CValue.Tile(name, l));
      return;
    }
    String slot = LoweringContext.SLOT;
    String guard = mask == null ? null : mask.at(slot);
    if (l.hasPhantoms()) {
      guard = LoweringContext.ELEMENT + " < " + l.numel() + (guard == null ? "" : " && " + guard);
    }
    String value = element(d, p, guard, other, slot);
    cx.out.line(type + " " + name + "[" + l.slots() + "];");
    String assign = name + "[" + slot + "] = " + value + ";";
    cx.slotLoop(l, l.hasPhantoms() ? "{ const int " + LoweringContext.ELEMENT + " = " + cx.element(l) + "; " + assign + " }"
        : assign);
    cx.bind(r, new CValue.Tile(name, l));
  }

  /**
   * The element in {@code slot} of a load through {@code p}: read where {@code guard} holds
   * (always when it is null), else {@code other}'s element, or zero.
   */
  String element(DType d, CValue.Pointer p, String guard, CValue other, String slot) {
    return element(d, p.baseName(), p.offsets().at(slot), guard, other, slot);
  }

  /** {@link #element} reading {@code base[offset]}. */
  String element(DType d, String base, String offset, String guard, CValue other, String slot) {
    String read = cx.dialect.loadElement(d, base, offset, cx.helpers);
    return guard == null ? read : guard + " ? " + read + " : " + otherElement(d, other, slot);
  }

  /** What a masked-off element of a load holds: {@code other}'s element in {@code slot}, or zero. */
  String otherElement(DType d, CValue other, String slot) {
    return other == null ? cx.literal(0, d) : other.at(slot);
  }

  /**
   * An atomic add once per program, ordered as {@link Op.AtomicAdd} promises: each thread fences
   * its earlier stores, a barrier, thread 0 adds between two fences, and a barrier orders every
   * thread's later accesses after the add. Where the old value is read, thread 0 passes it on
   * through shared memory, and a third barrier comes before the buffer is reused.
   */
  void atomicAdd(Op.AtomicAdd o) {
    CValue.Pointer p = cx.pointer(o.ptr(), o);
    cx.markWritten(p.base());
    String add = cx.dialect.atomicAdd(p.baseName() + " + " + p.offsets().at(""), cx.get(o.value()).at(""));
    boolean read = reads(cx.kernel.body(), o.result());
    String name = cx.name(o.result());
    if (o.relaxed() && !read) { // one thread adds; nothing waits for it
      cx.out.line("if (" + cx.tid() + " == 0) " + add + ";");
      return;
    }
    if (read) {
      cx.needShared(4, "atomic_add");
      cx.out.line("int " + name + ";");
    }
    cx.out.open("");
    if (read) {
      cx.sharedView(Restaging.BUF, "int");
    }
    cx.out.line(cx.dialect.globalFence());
    cx.barrier();
    cx.out.open("if (" + cx.tid() + " == 0)");
    cx.out.line(cx.dialect.globalFence());
    cx.out.line(read ? Restaging.BUF + "[0] = " + add + ";" : add + ";");
    cx.out.line(cx.dialect.globalFence());
    cx.out.close();
    cx.barrier();
    if (read) {
      cx.out.line(name + " = " + Restaging.BUF + "[0];");
      cx.barrier();
    }
    cx.out.close();
    cx.bind(o.result(), new CValue.Scalar(name));
  }

  /** Whether an op of {@code b}, or of the blocks within it, reads {@code v}. */
  private static boolean reads(Block b, Value v) {
    for (Op op : b.ops()) {
      if (op.operands().contains(v) || op.blocks().stream().anyMatch(inner -> reads(inner, v))) {
        return true;
      }
    }
    return false;
  }

  void store(Op.Store o) {
    CValue.Pointer p = cx.pointer(o.ptr(), o);
    CValue value = cx.get(o.value());
    CValue mask = o.mask() == null ? null : cx.get(o.mask());
    DType d = o.ptr().dtype();
    cx.markWritten(p.base());
    boolean uniform = p.offsets().uniform() && value.uniform() && (mask == null || mask.uniform());
    if (uniform) {
      // one address, one value: a single thread writes it
      String guard = cx.tid() + " == 0" + (mask == null ? "" : " && " + mask.at(""));
      cx.out.line("if (" + guard + ") "
          + cx.dialect.storeElement(d, p.baseName(), p.offsets().at(""), value.at(""), cx.helpers));
      return;
    }
    TileLayout l = cx.layout(o.ptr());
    String slot = LoweringContext.SLOT;
    cx.guardedSlotLoop(l, mask == null ? null : mask.at(slot),
        e -> cx.dialect.storeElement(d, p.baseName(), p.offsets().at(slot), value.at(slot), cx.helpers));
  }
}
