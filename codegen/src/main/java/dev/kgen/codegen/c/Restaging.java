package dev.kgen.codegen.c;

import dev.kgen.ir.DType;
import java.util.function.Function;

/**
 * Moves a tile's elements to another layout through the shared buffer: each element is written
 * once (by the first of its replicas, where the source layout replicates them), a barrier, each
 * thread reads the elements its slots need, and a barrier before the buffer is reused.
 */
final class Restaging {
  static final String BUF = "kgen_buf";
  private final LoweringContext cx;

  Restaging(LoweringContext cx) {
    this.cx = cx;
  }

  /**
   * Declares {@code name}, an array in layout {@code to} of register dtype {@code d}'s compute
   * type, whose element {@code e} is element {@code sourceIndex(e)} of {@code src}; {@code what}
   * names the op for the shared-memory limit's message.
   */
  CValue.Tile emit(String name, DType d, CValue.Tile src, TileLayout to, Function<String, String> sourceIndex, String what) {
    cx.needShared(src.layout().numel() * cx.dialect.stagingBytes(d), what);
    cx.out.line(cx.type(IntrinsicTable.computeDType(d)) + " " + name + "[" + to.slots() + "];");
    cx.out.open("");
    cx.sharedView(BUF, cx.dialect.stagingType(d));
    writeOwned(src.layout(), BUF, src);
    cx.barrier();
    String slot = LoweringContext.SLOT;
    cx.guardedSlotLoop(to, null, e -> name + "[" + slot + "] = " + BUF + "[" + sourceIndex.apply(e) + "];");
    cx.barrier();
    cx.out.close();
    return new CValue.Tile(name, to);
  }

  /**
   * Every element of {@code src} (held in layout {@code l}) that is not a phantom written to
   * {@code buf[e]}, by the first of its replicas where {@code l} replicates elements, else by its
   * owner.
   */
  void writeOwned(TileLayout l, String buf, CValue src) {
    String slot = LoweringContext.SLOT;
    cx.guardedSlotLoop(l, l.firstReplicaCondition(cx.tid()), e -> buf + "[" + e + "] = " + src.at(slot) + ";");
  }
}
