package dev.kgen.codegen.cuda;

import static dev.kgen.ir.DType.F32;
import static dev.kgen.ir.DType.F64;
import static dev.kgen.ir.DType.I1;
import static dev.kgen.ir.DType.I32;
import static dev.kgen.ir.DType.I64;

import dev.kgen.codegen.c.Fn;
import dev.kgen.codegen.c.IntrinsicTable;

/**
 * CUDA's spelling of each operation. fp32/fp64 add, subtract, multiply, divide and sqrt use the
 * explicitly rounded intrinsics ({@code __fadd_rn} ...) so nvcc neither contracts them into
 * FMAs nor approximates them under fast-math flags: every op rounds once, as the interpreter
 * does. Float max/min are NaN-propagating helpers; integer max, min and abs are plain
 * conditionals, so the source compiles under NVRTC without the CUDA headers.
 */
final class CudaIntrinsics {
  private CudaIntrinsics() {}

  static final IntrinsicTable TABLE = IntrinsicTable.builder()
      .prefix(Fn.NEG, "-", I32, I64, F32, F64)
      .prefix(Fn.NOT, "!", I1)
      .prefix(Fn.NOT, "~", I32, I64)
      .call(Fn.EXP, "expf", F32).call(Fn.EXP, "exp", F64)
      .call(Fn.EXP2, "exp2f", F32).call(Fn.EXP2, "exp2", F64)
      .call(Fn.LOG, "logf", F32).call(Fn.LOG, "log", F64)
      .call(Fn.SQRT, "__fsqrt_rn", F32).call(Fn.SQRT, "__dsqrt_rn", F64)
      .call(Fn.RSQRT, "rsqrtf", F32).call(Fn.RSQRT, "rsqrt", F64)
      .call(Fn.ABS, "fabsf", F32).call(Fn.ABS, "fabs", F64)
      .template(Fn.ABS, "($0 < 0 ? -($0) : $0)", I32, I64)
      .call(Fn.ADD, "__fadd_rn", F32).call(Fn.ADD, "__dadd_rn", F64).infix(Fn.ADD, "+", I1, I32, I64)
      .call(Fn.SUB, "__fsub_rn", F32).call(Fn.SUB, "__dsub_rn", F64).infix(Fn.SUB, "-", I1, I32, I64)
      .call(Fn.MUL, "__fmul_rn", F32).call(Fn.MUL, "__dmul_rn", F64).infix(Fn.MUL, "*", I1, I32, I64)
      .call(Fn.DIV, "__fdiv_rn", F32).call(Fn.DIV, "__ddiv_rn", F64).infix(Fn.DIV, "/", I1, I32, I64)
      .infix(Fn.REM, "%", I1, I32, I64)
      .call(Fn.MAX, "kgen_max_f32", F32).call(Fn.MAX, "kgen_max_f64", F64)
      .template(Fn.MAX, "($0 > $1 ? $0 : $1)", I32, I64)
      .infix(Fn.MAX, "|", I1)
      .call(Fn.MIN, "kgen_min_f32", F32).call(Fn.MIN, "kgen_min_f64", F64)
      .template(Fn.MIN, "($0 < $1 ? $0 : $1)", I32, I64)
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
      .call(Fn.FMA, "fmaf", F32).call(Fn.FMA, "fma", F64)
      .call(Fn.RINT, "rintf", F32).call(Fn.RINT, "rint", F64)
      .call(Fn.COPYSIGN, "copysignf", F32).call(Fn.COPYSIGN, "copysign", F64)
      .call(Fn.FLOAT_AS_UINT, "__float_as_uint", F32)
      .call(Fn.UINT_AS_FLOAT, "__uint_as_float", F32)
      .build();
}
