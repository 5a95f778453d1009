package dev.kgen.codegen.c;

import dev.kgen.ir.DType;
import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A load that {@link AsyncOperandCopies} copies into shared memory: each thread starts one
 * asynchronous copy per run of its elements where the run is one aligned vector access (the
 * tests of {@link VectorizedLoad}), a masked-off run writing zeros without reading, and stores
 * the elements of any other run itself; then it commits its copies as one group. The tile's
 * registers are never written: its one reader, the dot, reads the buffer. Where {@link CopyOrder}
 * finds an order in which consecutive threads read neighbouring bytes, the threads copy the
 * runs in that order instead of the layout's, each run's offset recomputed at its coordinates.
 * Runs the product never reads ({@link ProductExtent}: a padded head's columns of K, rows of V)
 * are not copied.
 */
final class AsyncCopyLoad {
  private final LoweringContext cx;
  private final VectorizedLoad vectorized;
  private final RematerializedElement elements;
  private final Function<Value, Op> definitions;
  private final KnownZeros zeros;

  AsyncCopyLoad(LoweringContext cx, VectorizedLoad vectorized, RematerializedElement elements,
      Function<Value, Op> definitions) {
    this.cx = cx;
    this.vectorized = vectorized;
    this.elements = elements;
    this.definitions = definitions;
    this.zeros = new KnownZeros(definitions);
  }

  /**
   * The condition under which the run at ({@code row}, {@code col}) of the tile copied into
   * {@code buffer} is copied: inside the part its product reads, or null when it reads all of it.
   */
  private String read(AsyncOperandCopies.Buffer buffer, String row, String col) {
    ProductExtent used = ProductExtent.of(buffer.dot(), zeros);
    Value r = buffer.loaded();
    // B = trans(r): B's columns (n) are r's rows, B's rows (k) r's columns
    List<String> inside = new ArrayList<>();
    if (used.nUsed() < r.shape().dim(0)) {
      inside.add(row + " < " + used.nUsed());
    }
    if (used.kUsed() < r.shape().dim(1)) {
      inside.add(col + " < " + used.kUsed());
    }
    return inside.isEmpty() ? null : String.join(" && ", inside);
  }

  void emit(Op.Load o, AsyncOperandCopies.Buffer buffer) {
    Value r = o.result();
    if (buffer.startedAhead() && !cx.copies.prefetching()) {
      // started ahead of the iteration (CopyPipeline): the dot reads this iteration's copy
      cx.bind(r, new CValue.Tile(cx.name(r), cx.layout(r)));
      return;
    }
    if (buffer.order() != null) {
      copyInOrder(o, buffer, buffer.order());
      finish(o);
      return;
    }
    DType d = r.dtype();
    CValue.Pointer p = cx.pointer(o.ptr(), o);
    CValue mask = o.mask() == null ? null : cx.get(o.mask());
    TileLayout l = cx.layout(r);
    int cols = r.shape().dim(1);
    String base = p.baseName();
    String e = LoweringContext.ELEMENT;
    Function<String, String> at = x -> buffer.offset(x + " / " + cols, x + " % " + cols);
    int w = vectorized.width(o, d, l, p.offsets());
    if (w > 0 && w * d.bytes() >= 4) { // the smallest copy is 4 bytes
      String copy = cx.helpers.use(Helper.asyncCopy(w * d.bytes()));
      cx.unrollPragma();
      cx.out.open("for (int kgen_run = 0; kgen_run < " + l.slots() + "; kgen_run += " + w + ")");
      cx.out.line("const int " + e + " = " + l.elementExpr("kgen_run", cx.tid()) + ";");
      cx.out.line(buffer.pointerType() + " kgen_dst = " + buffer.name() + " + " + at.apply(e) + ";");
      String read = w <= 8 ? read(buffer, e + " / " + cols, e + " % " + cols) : null;
      if (read != null) {
        cx.out.open("if (" + read + ")");
      }
      VectorizedLoad.RunAccess run = vectorized.access(o, l, p, mask, w, "kgen_run");
      copyOrStore(copy, base, run.first(), run.runMask(), run.vectorTest(), run.offsets(), run.masks());
      if (read != null) {
        cx.out.close();
      }
      cx.out.close();
    } else {
      String slot = LoweringContext.SLOT;
      String read = base + "[" + p.offsets().at(slot) + "]";
      cx.guardedSlotLoop(l, null, x -> buffer.name() + "[" + at.apply(x) + "] = "
          + (mask == null ? read : mask.at(slot) + " ? " + read + " : 0") + ";");
    }
    finish(o);
  }

  /** Commits the load's copies as one group; its tile is never declared: the dot, the one reader, takes the buffer. */
  private void finish(Op.Load o) {
    Value r = o.result();
    cx.out.line(cx.helpers.use(Helper.ASYNC_COPY_GROUPS) + "();");
    cx.copies.issued(r);
    cx.bind(r, new CValue.Tile(cx.name(r), cx.layout(r)));
  }

  /** The pointer argument {@code ptr} offsets (through pointer sums and views of pointers). */
  private Value base(Value ptr) {
    Op op = definitions.apply(ptr);
    if (op instanceof Op.AddPtr a) {
      return base(a.ptr());
    }
    if (op instanceof Op.Broadcast || op instanceof Op.ExpandDims) {
      return base(op.operands().get(0));
    }
    return ptr;
  }

  /** The copies in {@code order}: run {@code kgen_run * THREADS + tid}, its offset and mask recomputed at its coordinates. */
  private void copyInOrder(Op.Load o, AsyncOperandCopies.Buffer buffer, CopyOrder order) {
    Value r = o.result();
    int w = order.run();
    int threads = cx.options.threadsPerProgram();
    int copies = r.shape().numel() / w / threads;
    RunSteps.Step step = vectorized.steps().of(o.ptr(), cx.layout(r));
    CValue.Pointer p = cx.pointer(base(o.ptr()), o);
    String copy = cx.helpers.use(Helper.asyncCopy(w * r.dtype().bytes()));
    cx.unrollPragma();
    cx.out.open("for (int kgen_run = 0; kgen_run < " + copies + "; ++kgen_run)");
    cx.out.line("const int kgen_q = kgen_run * " + threads + " + " + cx.tid() + ";");
    cx.out.line("const int kgen_row = " + order.row("kgen_q") + ", kgen_col = " + order.column("kgen_q") + ";");
    String read = w <= 8 ? read(buffer, "kgen_row", "kgen_col") : null;
    if (read != null) {
      cx.out.open("if (" + read + ")");
    }
    List<Value> values = new ArrayList<>(List.of(o.ptr()));
    if (o.mask() != null) {
      values.add(o.mask());
    }
    List<String> at = elements.inline(values, List.of("kgen_row", "kgen_col"));
    cx.out.line("const " + cx.offsetType() + " kgen_first = " + at.get(0) + ";");
    cx.out.line(buffer.pointerType() + " kgen_dst = " + buffer.name() + " + kgen_q * " + w + ";"); // runs in order, back to back
    String runMask = o.mask() == null ? null : at.get(1);
    List<String> checks = VectorizedLoad.provenRunChecks(p.baseName(), "kgen_first", step, r.dtype().bytes(), w * r.dtype().bytes());
    List<String> offsets = new ArrayList<>();
    for (int v = 0; v < w; v++) {
      offsets.add(vectorized.offset("kgen_first", step, v));
    }
    copyOrStore(copy, p.baseName(), "kgen_first", runMask, String.join(" && ", checks), offsets, Collections.nCopies(w, runMask));
    if (read != null) {
      cx.out.close();
    }
    cx.out.close();
  }

  /**
   * The run at {@code kgen_dst}: one asynchronous {@code copy} from {@code base + first} under
   * {@code runMask} (null: unmasked) where {@code test} holds (empty: always), else stored
   * element by element from {@code offsets} under {@code masks}.
   */
  private void copyOrStore(String copy, String base, String first, String runMask, String test, List<String> offsets,
      List<String> masks) {
    String started = copy + "(kgen_dst, " + base + " + " + first + ", " + (runMask == null ? "true" : runMask) + ");";
    if (test.isEmpty()) {
      cx.out.line(started);
      return;
    }
    cx.out.open("if (" + test + ")");
    cx.out.line(started);
    cx.out.reopen("} else {");
    for (int v = 0; v < offsets.size(); v++) {
      String read = base + "[" + offsets.get(v) + "]";
      String m = masks.get(v);
      cx.out.line("kgen_dst[" + v + "] = " + (m == null ? read : m + " ? " + read + " : 0") + ";");
    }
    cx.out.close();
  }
}
