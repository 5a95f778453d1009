package dev.kgen.kernels.norm;

import static dev.kgen.ir.DType.F32;
import static dev.kgen.ir.DType.I32;
import static dev.kgen.ir.DType.I64;

import dev.kgen.dsl.KernelBuilder;
import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import dev.kgen.ir.DType;

/**
 * Row softmax: one program per row of an {@code [rows, n_cols]} matrix, computed in fp32 and
 * stored in the matrix's dtype. {@code BLOCK_N} is the row length padded to a power of two.
 */
public final class SoftmaxKernel {
  private SoftmaxKernel() {}

  public static final KernelDef DEF = KernelDef.builder("row_softmax")
      .constexprDType("DTYPE")
      .constexprInt("BLOCK_N")
      .body(SoftmaxKernel::body)
      .build();

  private static void body(KernelBuilder k) {
    DType dtype = k.constDType("DTYPE");
    Tile out = k.pointer("out_ptr", dtype);
    Tile in = k.pointer("in_ptr", dtype);
    Tile nCols = k.scalar("n_cols", I32);
    Tile inStride = k.scalar("in_row_stride", I64);
    Tile outStride = k.scalar("out_row_stride", I64);

    Tile row = k.programId(0).to(I64).as("row");
    Tile cols = k.arange(0, k.constInt("BLOCK_N")).as("cols");
    Tile mask = cols.lt(nCols).as("mask");
    Tile x = k.load(in.add(row.mul(inStride)).add(cols), mask, Double.NEGATIVE_INFINITY).to(F32).as("x");
    Tile shifted = x.sub(x.max(0)).as("shifted");
    Tile e = shifted.exp().as("e");
    Tile y = e.div(e.sum(0)).as("y");
    k.store(out.add(row.mul(outStride)).add(cols), y, mask);
  }
}
