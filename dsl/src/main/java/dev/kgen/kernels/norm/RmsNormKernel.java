package dev.kgen.kernels.norm;

import static dev.kgen.ir.DType.F32;
import static dev.kgen.ir.DType.I32;
import static dev.kgen.ir.DType.I64;

import dev.kgen.dsl.KernelBuilder;
import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import dev.kgen.ir.DType;

/**
 * RMSNorm: {@code out = x / sqrt(mean(x^2) + eps) * weight}, one program per row, fp32 math,
 * rows of {@code n_cols} padded to {@code BLOCK_N}.
 */
public final class RmsNormKernel {
  private RmsNormKernel() {}

  public static final KernelDef DEF = KernelDef.builder("rms_norm")
      .constexprDType("DTYPE")
      .constexprInt("BLOCK_N")
      .body(RmsNormKernel::body)
      .build();

  private static void body(KernelBuilder k) {
    DType dtype = k.constDType("DTYPE");
    Tile out = k.pointer("out_ptr", dtype);
    Tile in = k.pointer("in_ptr", dtype);
    Tile weight = k.pointer("weight_ptr", dtype);
    Tile nCols = k.scalar("n_cols", I32);
    Tile eps = k.scalar("eps", F32);
    Tile inStride = k.scalar("in_row_stride", I64);
    Tile outStride = k.scalar("out_row_stride", I64);

    Tile row = k.programId(0).to(I64).as("row");
    Tile cols = k.arange(0, k.constInt("BLOCK_N")).as("cols");
    Tile mask = cols.lt(nCols).as("mask");
    Tile x = k.load(in.add(row.mul(inStride)).add(cols), mask, 0.0).to(F32).as("x");
    Tile meanSquare = x.mul(x).sum(0).div(nCols.to(F32)).as("mean_square");
    Tile rstd = meanSquare.add(eps).rsqrt().as("rstd");
    Tile w = k.load(weight.add(cols), mask, 0.0).to(F32).as("w");
    k.store(out.add(row.mul(outStride)).add(cols), x.mul(rstd).mul(w), mask);
  }
}
