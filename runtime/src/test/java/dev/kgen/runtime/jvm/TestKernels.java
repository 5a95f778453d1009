package dev.kgen.runtime.jvm;

import static dev.kgen.ir.DType.F32;
import static dev.kgen.ir.DType.I32;
import static dev.kgen.ir.DType.I64;

import dev.kgen.dsl.KernelBuilder;
import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import dev.kgen.ir.BinaryOp;
import dev.kgen.ir.Block;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Op;
import dev.kgen.ir.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Kernels the JVM backend is checked on against the interpreter. */
final class TestKernels {
  private TestKernels() {}

  /** Softmax over each of ROWS rows per program, columns masked to n_cols. */
  static final KernelDef SOFTMAX = KernelDef.builder("softmax_rows")
      .constexprInt("ROWS")
      .constexprInt("BLOCK")
      .constexprDType("DTYPE")
      .body(TestKernels::softmax)
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
      .body(TestKernels::rmsNormBody)
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
  static Kernel rmsNorm(Map<String, ?> constexprs) {
    return swapOps(RMS_NORM.specialize(constexprs), Map.of("rstd", UnaryOp.RSQRT), Map.of());
  }

  /**
   * Elementwise ops, casts and comparisons on one block of {@code n} elements per program:
   * float results go to {@code out_f} (result j at {@code j * n + i}), integer ones to
   * {@code out_i} and {@code out_l}. Ops the DSL surface lacks are written as placeholders and
   * swapped in by name, see {@link #zoo}.
   */
  static final KernelDef ZOO = KernelDef.builder("elementwise_zoo")
      .constexprInt("BLOCK")
      .constexprDType("DTYPE")
      .body(TestKernels::zooBody)
      .build();

  static final int ZOO_FLOAT_RESULTS = 19;
  static final int ZOO_INT_RESULTS = 14;
  static final int ZOO_LONG_RESULTS = 4;

  private static void zooBody(KernelBuilder k) {
    DType t = k.constDType("DTYPE");
    int block = k.constInt("BLOCK");
    Tile outF = k.pointer("out_f", t);
    Tile outI = k.pointer("out_i", I32);
    Tile outL = k.pointer("out_l", I64);
    Tile aPtr = k.pointer("a_ptr", t);
    Tile bPtr = k.pointer("b_ptr", t);
    Tile intsPtr = k.pointer("ints_ptr", I32);
    Tile n = k.scalar("n", I32);
    Tile s = k.scalar("s", t);
    Tile offs = k.programId(0).mul(block).add(k.arange(0, block)).as("offs");
    Tile m = offs.lt(n).as("m");
    Tile a = k.load(aPtr.add(offs), m, 0.0).as("a");
    Tile b = k.load(bPtr.add(offs), m, 1.0).as("b");
    List<Tile> f = List.of(a.add(b), a.sub(b), a.mul(b), a.div(b), k.maximum(a, b), k.minimum(a, b), a.neg(),
        a.exp(), k.where(a.gt(b), a, b), a.mul(s), a.to(DType.FP8E4M3).to(F32).to(t),
        a.mul(64.0).to(DType.FP8E5M2).to(t), a.mul(1000.0).to(I32).to(t), a.exp().as("u_sqrt"),
        a.exp().as("u_log"), a.exp().as("u_exp2"), a.exp().as("u_rsqrt"), a.exp().as("u_abs"),
        k.clamp(a, -0.5, 0.5));
    for (int j = 0; j < f.size(); j++) {
      k.store(outF.add(n.mul(j).add(offs)), f.get(j), m);
    }
    Tile ai = k.load(intsPtr.add(offs), m, 0).as("ai");
    Tile bi = k.load(intsPtr.add(n).add(offs), m, 0).as("bi");
    List<Tile> ints = List.of(ai.add(bi), ai.sub(bi), ai.mul(bi), ai.intDiv(bi), ai.rem(bi), ai.and(bi), ai.or(bi),
        ai.not(), ai.and(bi).as("b_xor"), ai.and(bi).as("b_shl"), ai.and(bi).as("b_shr"), ai.lt(bi).to(I32),
        a.gt(b).or(a.eq(b)).to(I32), a.mul(100.0).to(I32));
    for (int j = 0; j < ints.size(); j++) {
      k.store(outI.add(n.mul(j).add(offs)), ints.get(j), m);
    }
    Tile al = ai.to(I64).as("al");
    List<Tile> longs = List.of(al.mul(al).mul(al), al.intDiv(bi.to(I64)), al.and(bi.to(I64)).as("l_shl"),
        a.mul(1e6).to(I64));
    for (int j = 0; j < longs.size(); j++) {
      k.store(outL.add(n.mul(j).add(offs)), longs.get(j), m);
    }
  }

  /**
   * Rows gathered through an index table, as a paged kernel reads its blocks: row {@code r} of the
   * result is {@code x[idx[r] * row_stride + c * col_stride]} for the COLS columns {@code c},
   * masked to the first {@code n_rows} rows and {@code n_cols} columns (masked-off elements read
   * as -1). The offsets are a row part plus a column part and the mask a row part and a column
   * part, which the JVM backend reads a row at a time.
   */
  static final KernelDef GATHER_ROWS = KernelDef.builder("gather_rows")
      .constexprInt("ROWS")
      .constexprInt("COLS")
      .constexprDType("DTYPE")
      .body(TestKernels::gatherRowsBody)
      .build();

  private static void gatherRowsBody(KernelBuilder k) {
    DType t = k.constDType("DTYPE");
    int cols = k.constInt("COLS");
    Tile out = k.pointer("out_ptr", t);
    Tile x = k.pointer("x_ptr", t);
    Tile index = k.pointer("index_ptr", I32);
    Tile nRows = k.scalar("n_rows", I32);
    Tile nCols = k.scalar("n_cols", I32);
    Tile rowStride = k.scalar("row_stride", I64);
    Tile colStride = k.scalar("col_stride", I64);
    Tile r = k.arange(0, k.constInt("ROWS")).as("r");
    Tile c = k.arange(0, cols).as("c");
    Tile m = r.lt(nRows).as("m");
    Tile idx = k.load(index.add(r), m, 0).as("idx");
    Tile offsets = idx.to(I64).mul(rowStride).col().add(c.to(I64).mul(colStride).row()).as("offsets");
    Tile v = k.load(x.add(offsets), m.col().and(c.lt(nCols).row()), -1.0).as("v");
    k.store(out.add(r.to(I64).mul(cols).col().add(c.to(I64).row())), v, m.col());
  }

  /**
   * Control flow: a loop carrying a pointer tile, a sum, and two scalars and two tiles that swap
   * every iteration (so yields read each other's storage), a nested loop, an if/else with tile
   * and scalar results, an early return, and a return from inside a loop.
   */
  static final KernelDef CONTROL = KernelDef.builder("control_flow")
      .constexprInt("BLOCK")
      .body(TestKernels::controlBody)
      .build();

  private static void controlBody(KernelBuilder k) {
    int block = k.constInt("BLOCK");
    Tile out = k.pointer("out_ptr", F32);
    Tile flags = k.pointer("flags_ptr", I32);
    Tile x = k.pointer("x_ptr", F32);
    Tile n = k.scalar("n", I32);
    Tile steps = k.scalar("steps", I32);
    Tile pid = k.programId(0).as("pid");
    Tile cols = k.arange(0, block).as("cols");
    Tile mask = cols.lt(n).as("mask");
    Tile rowPtrs = x.add(pid.to(I64).mul(n).mul(steps)).add(cols).as("row_ptrs");
    int[] shape = {block};
    List<Tile> c = k.forRange(0, steps, List.of(rowPtrs, k.zeros(shape, F32).as("total"), k.constant(1.0, F32).as("s"),
        k.constant(2.0, F32).as("t"), k.zeros(shape, F32).as("u"), k.full(shape, 1.0, F32).as("w")), (i, cs) -> {
          Tile v = k.load(cs.get(0), mask, 0.0);
          Tile total = cs.get(1).add(v.mul(cs.get(2)));
          Tile inner = k.forRange(0, i, List.of(total), (j, ic) -> List.of(ic.get(0).add(0.5))).get(0);
          return List.of(cs.get(0).add(n), inner, cs.get(3), cs.get(2), cs.get(5).add(cs.get(4)), cs.get(4));
        });
    Tile total = c.get(1);
    List<Tile> picked = k.ifElse(c.get(2).gt(c.get(3)),
        () -> List.of(total.mul(2.0), c.get(4), c.get(2)),
        () -> List.of(total.sub(1.0), c.get(5), c.get(3)));
    Tile result = picked.get(0).add(picked.get(1)).add(picked.get(2)).as("result");
    Tile rowOut = out.add(pid.mul(2 * block)).add(cols);
    k.store(rowOut, result, mask);
    k.forRange(0, k.constant(4), List.of(), (i, cs) -> {
      k.ifThen(i.eq(pid.rem(5)), k::ret);
      k.store(flags.add(pid.mul(4).add(i)), i.add(1));
      return List.of();
    });
    k.ifThen(pid.rem(2).eq(1), k::ret);
    k.store(rowOut.add(block), total, mask);
  }

  /**
   * A loop-carried square tile whose next value reads it transposed ({@code a' = trans(a) + a/2}):
   * computing the yield straight into the carried array would read elements already overwritten.
   */
  static final KernelDef CARRIED_TRANSPOSE = KernelDef.builder("carried_transpose")
      .constexprInt("BLOCK")
      .body(TestKernels::carriedTransposeBody)
      .build();

  private static void carriedTransposeBody(KernelBuilder k) {
    int block = k.constInt("BLOCK");
    Tile x = k.pointer("x_ptr", F32);
    Tile out = k.pointer("out_ptr", F32);
    Tile steps = k.scalar("steps", I32);
    Tile rows = k.arange(0, block).expandDims(1);
    Tile cols = k.arange(0, block).expandDims(0);
    Tile offsets = rows.mul(block).add(cols);
    Tile a = k.load(x.add(offsets));
    Tile last = k.forRange(0, steps, List.of(a, k.zeros(new int[] {block, block}, F32)),
        (i, cs) -> List.of(cs.get(0).trans().add(cs.get(0).mul(0.5)), cs.get(1).add(cs.get(0).trans()))).get(0);
    k.store(out.add(offsets), last);
  }

  /** The zoo specialization with its placeholder ops replaced. */
  static Kernel zoo(Map<String, ?> constexprs) {
    return swapOps(ZOO.specialize(constexprs),
        Map.of("u_sqrt", UnaryOp.SQRT, "u_log", UnaryOp.LOG, "u_exp2", UnaryOp.EXP2, "u_rsqrt", UnaryOp.RSQRT,
            "u_abs", UnaryOp.ABS),
        Map.of("b_xor", BinaryOp.XOR, "b_shl", BinaryOp.SHL, "b_shr", BinaryOp.SHR, "l_shl", BinaryOp.SHL));
  }

  /** Replaces the op of each named unary or binary result, keeping its operands. */
  static Kernel swapOps(Kernel k, Map<String, UnaryOp> unary, Map<String, BinaryOp> binary) {
    return k.toBuilder().body(swap(k.body(), unary, binary)).build();
  }

  private static Block swap(Block b, Map<String, UnaryOp> unary, Map<String, BinaryOp> binary) {
    List<Op> out = new ArrayList<>();
    for (Op op : b.ops()) {
      if (op instanceof Op.Unary u && u.result().name() != null && unary.containsKey(u.result().name())) {
        out.add(new Op.Unary(u.result(), unary.get(u.result().name()), u.x()));
      } else if (op instanceof Op.Binary bi && bi.result().name() != null && binary.containsKey(bi.result().name())) {
        out.add(new Op.Binary(bi.result(), binary.get(bi.result().name()), bi.a(), bi.b()));
      } else if (op instanceof Op.For f) {
        out.add(new Op.For(f.results(), f.iv(), f.lo(), f.hi(), f.inits(), f.carried(), swap(f.body(), unary, binary)));
      } else if (op instanceof Op.If i) {
        out.add(new Op.If(i.results(), i.cond(), swap(i.then(), unary, binary), swap(i.otherwise(), unary, binary)));
      } else {
        out.add(op);
      }
    }
    return new Block(out);
  }
}
