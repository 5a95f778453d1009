package dev.kgen.codegen.jvm;

import static dev.kgen.ir.DType.F32;
import static dev.kgen.ir.DType.I32;
import static dev.kgen.ir.DType.I64;

import dev.kgen.dsl.KernelBuilder;
import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import dev.kgen.ir.Block;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Op;
import dev.kgen.ir.UnaryOp;
import java.util.ArrayList;
import java.util.List;

/** Small kernels whose generated Java is kept as goldens. */
final class GoldenKernels {
  private GoldenKernels() {}

  /** Softmax over each of ROWS rows per program, columns masked to n_cols. */
  static final KernelDef SOFTMAX = KernelDef.builder("softmax_rows")
      .constexprInt("ROWS")
      .constexprInt("BLOCK")
      .constexprDType("DTYPE")
      .body(GoldenKernels::softmax)
      .build();

  private static void softmax(KernelBuilder k) {
    DType t = k.constDType("DTYPE");
    int rowsPerProgram = k.constInt("ROWS");
    Tile out = k.pointer("out_ptr", t);
    Tile in = k.pointer("in_ptr", t);
    Tile nRows = k.scalar("n_rows", I32);
    Tile nCols = k.scalar("n_cols", I32);
    Tile stride = k.scalar("row_stride", I64);
    Tile rows = k.programId(0).mul(rowsPerProgram).add(k.arange(0, rowsPerProgram)).as("rows");
    Tile cols = k.arange(0, k.constInt("BLOCK")).as("cols");
    Tile mask = rows.col().lt(nRows).and(cols.row().lt(nCols)).as("mask");
    Tile offsets = rows.to(I64).mul(stride).col().add(cols.row()).as("offsets");
    Tile x = k.load(in.add(offsets), mask, Double.NEGATIVE_INFINITY).to(F32).as("x");
    Tile num = x.sub(x.max(1).col()).exp().as("num");
    Tile y = num.div(num.sum(1).col()).as("y");
    k.store(out.add(offsets), y, mask);
  }

  /**
   * RMSNorm of one row per program, streaming the row in BLOCK columns. The DSL surface has no
   * rsqrt yet, so the body writes exp() where rsqrt belongs and {@link #rmsNorm} swaps the op.
   */
  static final KernelDef RMS_NORM = KernelDef.builder("rms_norm")
      .constexprInt("BLOCK")
      .constexprDType("DTYPE")
      .body(GoldenKernels::rmsNormBody)
      .build();

  private static void rmsNormBody(KernelBuilder k) {
    DType t = k.constDType("DTYPE");
    int block = k.constInt("BLOCK");
    Tile out = k.pointer("out_ptr", t);
    Tile x = k.pointer("x_ptr", t);
    Tile w = k.pointer("w_ptr", t);
    Tile nCols = k.scalar("n_cols", I32);
    Tile stride = k.scalar("row_stride", I64);
    Tile eps = k.scalar("eps", F32);
    Tile row = k.programId(0).as("row");
    Tile base = row.to(I64).mul(stride).as("base");
    Tile cols = k.arange(0, block).as("cols");
    Tile blocks = k.cdiv(nCols, block).as("n_blocks");
    Tile sumSq = k.forRange(0, blocks, List.of(k.zeros(new int[] {block}, F32).as("sum_sq")), (j, c) -> {
      Tile offs = j.mul(block).add(cols).as("offs");
      Tile v = k.load(x.add(base).add(offs), offs.lt(nCols), 0.0).to(F32);
      return List.of(c.get(0).add(v.mul(v)));
    }).get(0);
    Tile rstd = sumSq.sum(0).div(nCols).add(eps).exp().as("rstd");
    k.forRange(0, blocks, List.of(), (j, c) -> {
      Tile offs = j.mul(block).add(cols).as("offs");
      Tile m = offs.lt(nCols);
      Tile v = k.load(x.add(base).add(offs), m, 0.0).to(F32);
      Tile g = k.load(w.add(offs), m, 0.0).to(F32);
      k.store(out.add(base).add(offs), v.mul(rstd).mul(g), m);
      return List.of();
    });
  }

  /** The RMSNorm specialization with the op of {@code %rstd} made an rsqrt. */
  static Kernel rmsNorm(java.util.Map<String, ?> constexprs) {
    Kernel k = RMS_NORM.specialize(constexprs);
    return k.toBuilder().body(withRsqrt(k.body())).build();
  }

  private static Block withRsqrt(Block b) {
    List<Op> out = new ArrayList<>();
    for (Op op : b.ops()) {
      if (op instanceof Op.Unary u && "rstd".equals(u.result().name())) {
        out.add(new Op.Unary(u.result(), UnaryOp.RSQRT, u.x()));
      } else if (op instanceof Op.For f) {
        out.add(new Op.For(f.results(), f.iv(), f.lo(), f.hi(), f.inits(), f.carried(), withRsqrt(f.body())));
      } else if (op instanceof Op.If i) {
        out.add(new Op.If(i.results(), i.cond(), withRsqrt(i.then()), withRsqrt(i.otherwise())));
      } else {
        out.add(op);
      }
    }
    return new Block(out);
  }
}
