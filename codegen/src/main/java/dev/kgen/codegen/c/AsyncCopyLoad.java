package dev.kgen.codegen.c;

import dev.kgen.ir.DType;
import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.function.Function;

/**
 * A load that {@link AsyncOperandCopies} copies into shared memory: each thread starts one
 * asynchronous copy per run of its elements where the run is one aligned vector access (the
 * tests of {@link VectorizedLoad}), a masked-off run writing zeros without reading, and stores
 * the elements of any other run itself; then it commits its copies as one group. The tile's
 * registers are never written: its one reader, the dot, reads the buffer.
 */
final class AsyncCopyLoad {
  private final LoweringContext cx;
  private final VectorizedLoad vectorized;

  AsyncCopyLoad(LoweringContext cx, VectorizedLoad vectorized) {
    this.cx = cx;
    this.vectorized = vectorized;
  }

  void emit(Op.Load o, AsyncOperandCopies.Buffer buffer) {
    Value r = o.result();
    if (buffer.pipelined() && !cx.copies.prefetching()) {
      // started an iteration ahead (CopyPipeline): the dot reads this iteration's stage
      cx.bind(r, new CValue.Tile(cx.name(r), cx.layout(r)));
      return;
    }
    DType d = r.dtype();
    CValue.Pointer p = cx.pointer(o.ptr(), o);
    CValue mask = o.mask() == null ? null : cx.get(o.mask());
    TileLayout l = cx.layout(r);
    int cols = r.shape().dim(1);
    String base = p.baseName();
    String e = LoweringContext.ELEMENT;
    Function<String, String> at = x -> x + " / " + cols + " * " + buffer.rowLength() + " + " + x + " % " + cols;
    int w = vectorized.width(o, d, l, p.offsets());
    if (w > 0 && w * d.bytes() >= 4) { // the smallest copy is 4 bytes
      String copy = cx.helpers.use(Helper.asyncCopy(w * d.bytes()));
      cx.unrollPragma();
      cx.out.open("for (int kgen_run = 0; kgen_run < " + l.slots() + "; kgen_run += " + w + ")");
      cx.out.line("const int " + e + " = " + l.elementExpr("kgen_run", cx.tid()) + ";");
      cx.out.line(buffer.pointerType() + " kgen_dst = " + buffer.name() + " + " + at.apply(e) + ";");
      VectorizedLoad.RunAccess run = vectorized.access(o, l, p, mask, w, "kgen_run");
      String started = copy + "(kgen_dst, " + base + " + " + run.first() + ", "
          + (run.runMask() == null ? "true" : run.runMask()) + ");";
      if (run.alwaysVector()) {
        cx.out.line(started);
      } else {
        cx.out.open("if (" + run.vectorTest() + ")");
        cx.out.line(started);
        cx.out.reopen("} else {");
        for (int v = 0; v < w; v++) {
          String read = base + "[" + run.offsets().get(v) + "]";
          String m = run.masks().get(v);
          cx.out.line("kgen_dst[" + v + "] = " + (m == null ? read : m + " ? " + read + " : 0") + ";");
        }
        cx.out.close();
      }
      cx.out.close();
    } else {
      String slot = LoweringContext.SLOT;
      String read = base + "[" + p.offsets().at(slot) + "]";
      cx.guardedSlotLoop(l, null, x -> buffer.name() + "[" + at.apply(x) + "] = "
          + (mask == null ? read : mask.at(slot) + " ? " + read + " : 0") + ";");
    }
    cx.out.line(cx.helpers.use(Helper.ASYNC_COPY_GROUPS) + "();");
    cx.copies.issued(r);
    // never declared: the dot, the one reader, takes the buffer instead
    cx.bind(r, new CValue.Tile(cx.name(r), l));
  }
}
