package dev.kgen.codegen.opencl;

import static dev.kgen.ir.DType.F32;
import static dev.kgen.ir.DType.F64;
import static dev.kgen.ir.DType.I1;
import static dev.kgen.ir.DType.I32;
import static dev.kgen.ir.DType.I64;

import dev.kgen.codegen.c.Fn;
import dev.kgen.codegen.c.IntrinsicTable;

/**
 * OpenCL C 1.2's spelling of each operation: the overloaded builtins and plain operators
 * ({@code #pragma OPENCL FP_CONTRACT OFF} keeps the compiler from fusing them). Float max/min
 * are NaN-propagating helpers; i1 is an int holding 0 or 1.
 */
final class OpenClIntrinsics {
  private OpenClIntrinsics() {}

  static final IntrinsicTable TABLE = IntrinsicTable.builder()
      .prefix(Fn.NEG, "-", I32, I64, F32, F64)
      .prefix(Fn.NOT, "!", I1)
      .prefix(Fn.NOT, "~", I32, I64)
      .call(Fn.EXP, "exp", F32, F64)
      .call(Fn.EXP2, "exp2", F32, F64)
      .call(Fn.LOG, "log", F32, F64)
      .call(Fn.SQRT, "sqrt", F32, F64)
      .call(Fn.RSQRT, "rsqrt", F32, F64)
      .call(Fn.ABS, "fabs", F32, F64).call(Fn.ABS, "abs", I32, I64)
      .infix(Fn.ADD, "+", I1, I32, I64, F32, F64)
      .infix(Fn.SUB, "-", I1, I32, I64, F32, F64)
      .infix(Fn.MUL, "*", I1, I32, I64, F32, F64)
      .infix(Fn.DIV, "/", I1, I32, I64, F32, F64)
      .infix(Fn.REM, "%", I1, I32, I64)
      .call(Fn.MAX, "kgen_max_f32", F32).call(Fn.MAX, "kgen_max_f64", F64).call(Fn.MAX, "max", I32, I64)
      .infix(Fn.MAX, "|", I1)
      .call(Fn.MIN, "kgen_min_f32", F32).call(Fn.MIN, "kgen_min_f64", F64).call(Fn.MIN, "min", I32, I64)
      .infix(Fn.MIN, "&", I1)
      .infix(Fn.AND, "&", I1, I32, I64)
      .infix(Fn.OR, "|", I1, I32, I64)
      .infix(Fn.XOR, "^", I1, I32, I64)
      .infix(Fn.SHL, "<<", I1, I32, I64)
      .infix(Fn.SHR, ">>", I1, I32, I64)
      .infix(Fn.LT, "<", I1, I32, I64, F32, F64)
      .infix(Fn.LE, "<=", I1, I32, I64, F32, F64)
      .infix(Fn.GT, ">", I1, I32, I64, F32, F64)
      .infix(Fn.GE, ">=", I1, I32, I64, F32, F64)
      .infix(Fn.EQ, "==", I1, I32, I64, F32, F64)
      .infix(Fn.NE, "!=", I1, I32, I64, F32, F64)
      .call(Fn.FMA, "fma", F32, F64)
      .call(Fn.RINT, "rint", F32, F64)
      .call(Fn.COPYSIGN, "copysign", F32, F64)
      .call(Fn.FLOAT_AS_UINT, "as_uint", F32)
      .call(Fn.UINT_AS_FLOAT, "as_float", F32)
      .build();
}
