package dev.kgen.codegen.c;

import dev.kgen.ir.Op;
import dev.kgen.ir.Value;

/**
 * The order in which a program's threads copy the runs of a 2-D tile into shared memory
 * ({@link AsyncCopyLoad}), so that consecutive threads copy neighbouring bytes. Since no
 * register holds a copied tile, any thread may copy any run; the tile's layout hands a thread
 * consecutive runs of one row, which reads memory in order only where a row is contiguous. A
 * paged cache is contiguous per block instead: K's 5-D block is 16-byte chunks of
 * consecutive tokens ({@code [head/8][token][8]}), V's is rows of 16 tokens
 * ({@code [head][token]}). Copied in the layout's order, a quarter-warp of 16-byte copies of K
 * touches eight half-used sectors and one of V four sectors in two places: an H200 probe
 * ({@code bench/probes/cp_async_patterns.cu}) read such copies of K at 2088 GB/s (1.75 times
 * its sectors, one L2 request each), V at 3083 GB/s (one request per sector), and both in
 * memory order at 3715-3785 GB/s (one request per 128 bytes).
 *
 * <p>The order found is by {@code group} runs: run {@code q} of the tile is run
 * {@code q % group} of column group {@code q / (group * rows)} in row {@code q / group % rows},
 * and it lands at element {@code q * run} of the copy: consecutive threads write consecutive
 * bytes of shared memory too, which the copies need as much (the same probe: K read in order
 * into rows 272 bytes apart fetched 1.9 times its sectors, at 2011 GB/s). The copy then holds
 * the tile in the cache's own layout of a block ({@link #offset}), which the dot reads.
 * {@code group} is the smallest number of runs that {@link RunSteps} proves consecutive along a
 * row, with the next row's runs following them in memory: 1 for K (a token's chunk is followed
 * by the next token's), 2 for V of 16-token blocks and 8-element runs. With {@code group} the
 * whole row it is the layout's own order, which needs nothing new.
 */
record CopyOrder(int group, int rows, int run) {
  /**
   * Rows that must follow each other in memory for the order to pay: enough that a
   * quarter-warp of 16-byte copies reads 128 consecutive bytes.
   */
  private static final int RUNS_PER_ACCESS_GROUP = 8;

  /**
   * The order for the copies of {@code load}'s 2-D tile, or null where the layout's own order
   * stays: its runs (the layout's, copied whole) must be proven consecutive and masked as one,
   * and every thread must copy as many. {@code w}: the elements per copy.
   */
  static CopyOrder plan(LoweringContext cx, RunSteps steps, Op.Load load) {
    Value r = load.result();
    TileLayout l = cx.layout(r);
    int w = VectorizedLoad.width(cx, steps, load, r.dtype(), l);
    if (r.shape().rank() != 2 || w < 2 || w != l.vector() || w * r.dtype().bytes() < 4
        || (r.shape().numel() / w) % l.threads() != 0) {
      return null;
    }
    RunSteps.Step step = steps.of(load.ptr(), l);
    if (step == null || !step.unit() && step.symbol() == null) {
      return null;
    }
    RunSteps.Step mask = load.mask() == null ? null : steps.of(load.mask(), l);
    if (load.mask() != null && (mask == null || !mask.invariant())) {
      return null;
    }
    return of(steps, load.ptr(), r.shape().dim(0), r.shape().dim(1), w);
  }

  /**
   * The order for the runs of {@code w} elements of a {@code rows x cols} tile read through
   * {@code ptr}, or null when the layout's own order is the one (or nothing is proven).
   */
  static CopyOrder of(RunSteps steps, Value ptr, int rows, int cols, int w) {
    int runsPerRow = cols / w;
    for (int group = 1; group < runsPerRow; group *= 2) {
      if (runsPerRow % group != 0) {
        break;
      }
      RunSteps.Step along = steps.alongColumns(ptr, group * w);
      if (along == null || !along.unit()) {
        break; // longer groups are not consecutive either
      }
      int rowGroup = Math.min(rows, Math.max(1, RUNS_PER_ACCESS_GROUP / group));
      RunSteps.Step down = steps.alongRows(ptr, rowGroup, group * w);
      if (down != null && down.symbol() == null && down.coefficient() == (long) group * w) {
        return new CopyOrder(group, rows, w);
      }
    }
    return null;
  }

  /** The columns of a group: the elements a row of the copy holds together. */
  int columns() {
    return group * run;
  }

  /**
   * Where element ({@code row}, {@code col}) of the tile lies in the copy (C expressions): the
   * copy holds the runs in this order, each column group's rows one after another,
   * {@code [cols / columns()][rows][columns()]}, which is the cache's own layout of a block.
   */
  String offset(String row, String col) {
    int g = columns();
    return "(" + col + ") / " + g + " * " + rows * g + " + (" + row + ") * " + g + " + (" + col + ") % " + g;
  }

  /** The row of run {@code q} (a C expression). */
  String row(String q) {
    return group == 1 ? q + " % " + rows : q + " / " + group + " % " + rows;
  }

  /** The first column of run {@code q} (a C expression). */
  String column(String q) {
    String r = group == 1 ? q + " / " + rows : "(" + q + " / " + group * rows + " * " + group + " + " + q + " % " + group + ")";
    return r + " * " + run;
  }
}
