package dev.kgen.processor.testkernels;

import dev.kgen.dsl.KernelBuilder;
import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import dev.kgen.ir.DType;

/**
 * A small kernel for the processor's tests, with one parameter of each kind a launcher maps:
 * pointers read, written and (with USE_BIAS off) unread, an i1, an i32, an i64 and an fp32
 * scalar, and parameter names that are a Java keyword ({@code new}) and the launcher's own
 * {@code grid}.
 *
 * <p>{@code out[row, c] = (negate ? -1 : 1) * in[row, c] * new + (USE_BIAS ? bias[c] : 0)} for
 * {@code c < n}, rows {@code grid} elements apart.
 */
public final class ScaleRowsKernel {
  private ScaleRowsKernel() {}

  public static final KernelDef DEF = KernelDef.builder("scale_rows")
      .constexprDType("DTYPE")
      .constexprInt("BLOCK")
      .constexprBool("USE_BIAS", false)
      .body(ScaleRowsKernel::body)
      .build();

  /** Not a kernel: for the "not a KernelDef field" error. */
  public static final String NAME = "scale_rows";

  private static void body(KernelBuilder k) {
    DType t = k.constDType("DTYPE");
    Tile out = k.pointer("out_ptr", t);
    Tile in = k.pointer("in_ptr", t);
    Tile bias = k.pointer("bias_ptr", DType.F32);
    Tile n = k.scalar("n", DType.I32);
    Tile scale = k.scalar("new", DType.F32);
    Tile stride = k.scalar("grid", DType.I64);
    Tile negate = k.scalar("negate", DType.I1);
    Tile row = k.programId(0).to(DType.I64);
    Tile cols = k.arange(0, k.constInt("BLOCK"));
    Tile mask = cols.lt(n);
    Tile x = k.load(in.add(row.mul(stride)).add(cols), mask, 0.0).to(DType.F32).mul(scale);
    Tile y = k.where(negate, x.neg(), x);
    if (k.constBool("USE_BIAS")) {
      y = y.add(k.load(bias.add(cols), mask, 0.0));
    }
    k.store(out.add(row.mul(stride)).add(cols), y.to(t), mask);
  }
}
