package dev.kgen.codegen.c;

import dev.kgen.ir.DType;
import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A load that {@link AsyncOperandCopies} copies into shared memory: each thread starts one
 * asynchronous copy per run of its elements where the run is one aligned vector access (the
 * tests of {@link VectorizedLoad}), a masked-off run writing zeros without reading, and stores
 * the elements of any other run itself; then it commits its copies as one group. The tile's
 * registers are never written: its one reader, the dot, reads the buffer.
 *
 * <p>Since no register holds the tile, any thread may copy any run. The tile's layout gives a
 * warp's threads consecutive runs of one row, which suits a V tile (a block's tokens are
 * contiguous in the cache) but not a K tile of the 5-D cache, where consecutive runs of a row
 * are 256 bytes apart and the next row's run is the neighbour: every 32-byte sector was then
 * fetched twice from L2, once per half (H200, r16: 43% excess sectors, L2 the limiter). Where
 * {@link RunSteps#alongRows} finds that the next row's run starts at a stride argument, the
 * copies test at run time whether that stride is the run's length, and if so go down the
 * columns instead: consecutive threads take consecutive rows of one column of runs, their
 * offsets recomputed for those elements ({@link RematerializedElement#inline}).
 */
final class AsyncCopyLoad {
  /** Consecutive rows the copies down a column cover per access group (a quarter-warp of 16-byte copies). */
  private static final int ROWS_PER_GROUP = 8;
  private final LoweringContext cx;
  private final VectorizedLoad vectorized;
  private final RematerializedElement elements;

  AsyncCopyLoad(LoweringContext cx, VectorizedLoad vectorized, RematerializedElement elements) {
    this.cx = cx;
    this.vectorized = vectorized;
    this.elements = elements;
  }

  void emit(Op.Load o, AsyncOperandCopies.Buffer buffer) {
    Value r = o.result();
    DType d = r.dtype();
    CValue.Pointer p = cx.pointer(o.ptr(), o);
    CValue mask = o.mask() == null ? null : cx.get(o.mask());
    TileLayout l = cx.layout(r);
    int cols = r.shape().dim(1);
    Function<String, String> at = x -> x + " / " + cols + " * " + buffer.rowLength() + " + " + x + " % " + cols;
    int w = vectorized.width(o, d, l, p.offsets());
    if (w > 0) {
      String downColumns = downColumnsCondition(o, l, mask, w);
      if (downColumns != null) {
        cx.out.open("if (" + downColumns + ")");
        copyDownColumns(o, buffer, p, w);
        cx.out.reopen("} else {");
      }
      copyRuns(o, buffer, p, mask, l, w, at);
      if (downColumns != null) {
        cx.out.close();
      }
    } else {
      String slot = LoweringContext.SLOT;
      String read = p.baseName() + "[" + p.offsets().at(slot) + "]";
      cx.guardedSlotLoop(l, null, x -> buffer.name() + "[" + at.apply(x) + "] = "
          + (mask == null ? read : mask.at(slot) + " ? " + read + " : 0") + ";");
    }
    cx.out.line(cx.helpers.use(Helper.ASYNC_COPY_GROUPS) + "();");
    cx.copies.issued(r);
    // never declared: the dot, the one reader, takes the buffer instead
    cx.bind(r, new CValue.Tile(cx.name(r), l));
  }

  /** The copies in the tile's layout: this thread's runs, from the offsets it holds. */
  private void copyRuns(Op.Load o, AsyncOperandCopies.Buffer buffer, CValue.Pointer p, CValue mask, TileLayout l, int w,
      Function<String, String> at) {
    String e = LoweringContext.ELEMENT;
    cx.unrollPragma();
    cx.out.open("for (int kgen_run = 0; kgen_run < " + l.slots() + "; kgen_run += " + w + ")");
    cx.out.line("const int " + e + " = " + l.elementExpr("kgen_run", cx.tid()) + ";");
    cx.out.line(pointerType(o) + " kgen_dst = " + buffer.name() + " + " + at.apply(e) + ";");
    VectorizedLoad.RunAccess run = vectorized.access(o, l, p, mask, w, "kgen_run");
    copyOrStore(o, p, w, run.vectorTest(), run.first(), run.runMask(), run.offsets(), run.masks());
    cx.out.close();
  }

  /**
   * The runtime test under which copying down the columns pays, or null when it is not an
   * option: a 2-D tile of runs of the layout's length, consecutive and with one mask each (as
   * proven), whose next row's run starts at a stride argument's distance.
   */
  private String downColumnsCondition(Op.Load o, TileLayout l, CValue mask, int w) {
    Value r = o.result();
    if (r.shape().rank() != 2 || w != l.vector() || r.shape().dim(0) % ROWS_PER_GROUP != 0
        || (r.shape().numel() / w) % l.threads() != 0) {
      return null;
    }
    RunSteps steps = vectorized.steps();
    RunSteps.Step step = steps.of(o.ptr(), l);
    if (step == null || !step.unit() && step.symbol() == null) {
      return null;
    }
    if (mask != null && !mask.uniform()) {
      RunSteps.Step m = steps.of(o.mask(), l);
      if (m == null || !m.invariant()) {
        return null;
      }
    }
    RunSteps.Step rows = steps.alongRows(o.ptr(), ROWS_PER_GROUP, w);
    return rows != null && rows.coefficient() == 1 && rows.symbol() != null ? rows.symbol() + " == " + w : null;
  }

  /** The copies down the columns: run {@code q = c*T + t} is row {@code q % R} of column of runs {@code q / R}. */
  private void copyDownColumns(Op.Load o, AsyncOperandCopies.Buffer buffer, CValue.Pointer p, int w) {
    Value r = o.result();
    int rows = r.shape().dim(0);
    int threads = cx.options.threadsPerProgram();
    int copies = r.shape().numel() / w / threads;
    RunSteps.Step step = vectorized.steps().of(o.ptr(), cx.layout(r));
    cx.unrollPragma();
    cx.out.open("for (int kgen_run = 0; kgen_run < " + copies + "; ++kgen_run)");
    cx.out.line("const int kgen_q = kgen_run * " + threads + " + " + cx.tid() + ";");
    cx.out.line("const int kgen_row = kgen_q % " + rows + ", kgen_col = kgen_q / " + rows + " * " + w + ";");
    List<Value> values = new ArrayList<>(List.of(o.ptr()));
    if (o.mask() != null) {
      values.add(o.mask());
    }
    List<String> at = elements.inline(values, List.of("kgen_row", "kgen_col"));
    cx.out.line("const " + cx.offsetType() + " kgen_first = " + at.get(0) + ";");
    cx.out.line(pointerType(o) + " kgen_dst = " + buffer.name() + " + kgen_row * " + buffer.rowLength() + " + kgen_col;");
    String runMask = o.mask() == null ? null : at.get(1);
    List<String> offsets = new ArrayList<>();
    List<String> masks = new ArrayList<>();
    for (int v = 0; v < w; v++) {
      offsets.add(vectorized.offset("kgen_first", step, v));
      masks.add(runMask);
    }
    String test = VectorizedLoad.provenRunTest(p.baseName(), "kgen_first", step, w * r.dtype().bytes());
    copyOrStore(o, p, w, test, "kgen_first", runMask, offsets, masks);
    cx.out.close();
  }

  /** One run to {@code kgen_dst}: an asynchronous copy where {@code vectorTest} holds, else element by element. */
  private void copyOrStore(Op.Load o, CValue.Pointer p, int w, String vectorTest, String first, String runMask,
      List<String> offsets, List<String> masks) {
    String base = p.baseName();
    String copy = cx.helpers.use(Helper.asyncCopy(w * o.result().dtype().bytes()));
    cx.out.open("if (" + vectorTest + ")");
    cx.out.line(copy + "(kgen_dst, " + base + " + " + first + ", " + (runMask == null ? "true" : runMask) + ");");
    cx.out.reopen("} else {");
    for (int v = 0; v < w; v++) {
      String read = base + "[" + offsets.get(v) + "]";
      String m = masks.get(v);
      cx.out.line("kgen_dst[" + v + "] = " + (m == null ? read : m + " ? " + read + " : 0") + ";");
    }
    cx.out.close();
  }

  private String pointerType(Op.Load o) {
    return cx.dialect.sharedPointerType(cx.dialect.storageType(o.result().dtype()));
  }
}
