package dev.kgen.codegen.c;

import dev.kgen.ir.BinaryOp;
import dev.kgen.ir.DType;
import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A dot operand that is an fp8 tile scaled into the dot's dtype, {@code cast(cast(load) * scale)}
 * with a uniform scale (the K and V of an fp8 KV cache with their scales), or cast into it
 * unscaled, {@code cast(load)} or {@code cast(cast(load))} through fp32 (exact: every fp8 value is
 * an fp16 and a bf16 value): {@link
 * AsyncOperandCopies} copies the loaded bytes into shared memory as they are, and the dot's
 * tensor-core product converts each B fragment exactly as it reads it ({@link TensorCoreDot},
 * the {@code kgen_mma_<dtype>_<fp8>} helpers) and multiplies its fp32 result by the scale (by 1
 * when unscaled); no converted copy is staged. With a scale this computes {@code s * sum(a * x)}
 * where the ops describe {@code sum(a * round(x * s))}: without the rounding of each scaled
 * element, so closer to the exact result (PERFORMANCE.md step 33).
 *
 * @param load the fp8 load, whose bytes are copied
 * @param widen the cast of the load to fp32, or null when the operand casts the load itself
 * @param scale the multiplication by the scale, in fp32, or null when unscaled
 * @param narrow the cast to the dot's dtype, the operand itself
 * @param scaleValue the uniform scale, broadcast into {@code scale}, or null when unscaled
 */
record DequantizedOperand(Op.Load load, Op.Cast widen, Op.Binary scale, Op.Cast narrow, Value scaleValue) {

  /**
   * The chain that defines {@code operand}, or null when it is not one: every link of it at the
   * top level of the loop body ({@code top}) and read once.
   */
  static DequantizedOperand match(Value operand, Function<Value, Op> definitions, Map<Value, Integer> uses,
      Set<Op> top) {
    if (!(definitions.apply(operand) instanceof Op.Cast narrow) || !top.contains(narrow)) {
      return null;
    }
    Op.Load unscaled = fp8Load(narrow.x(), definitions, uses, top);
    if (unscaled != null) {
      return new DequantizedOperand(unscaled, null, null, narrow, null);
    }
    if (definitions.apply(narrow.x()) instanceof Op.Cast widen && top.contains(widen) && uses.get(widen.result()) == 1
        && ElementwiseLowering.castIsIdentity(widen) && (unscaled = fp8Load(widen.x(), definitions, uses, top)) != null) {
      return new DequantizedOperand(unscaled, widen, null, narrow, null);
    }
    if (!(definitions.apply(narrow.x()) instanceof Op.Binary mul) || mul.op() != BinaryOp.MUL
        || !top.contains(mul) || uses.get(mul.result()) != 1 || mul.result().dtype() != DType.F32) {
      return null;
    }
    boolean scaleFirst = definitions.apply(mul.a()) instanceof Op.Broadcast;
    Value scaled = scaleFirst ? mul.b() : mul.a();
    if (!(definitions.apply(scaleFirst ? mul.a() : mul.b()) instanceof Op.Broadcast b) || !b.x().shape().isScalar()
        || !(definitions.apply(scaled) instanceof Op.Cast widen) || !top.contains(widen)
        || uses.get(widen.result()) != 1 || !ElementwiseLowering.castIsIdentity(widen)
        || !(definitions.apply(widen.x()) instanceof Op.Load load) || !top.contains(load)
        || !load.result().dtype().isFp8()) {
      return null;
    }
    return new DequantizedOperand(load, widen, mul, narrow, b.x());
  }

  /** The fp8 load that defines {@code v}, at the top level and read once, or null. */
  private static Op.Load fp8Load(Value v, Function<Value, Op> definitions, Map<Value, Integer> uses, Set<Op> top) {
    return definitions.apply(v) instanceof Op.Load load && top.contains(load) && load.result().dtype().isFp8()
        && uses.get(load.result()) == 1 ? load : null;
  }

  /** The ops the dot's conversion of the copied bytes replaces, which the body leaves out. */
  List<Op> conversion() {
    List<Op> ops = new java.util.ArrayList<>();
    for (Op op : new Op[] {widen, scale, narrow}) {
      if (op != null) {
        ops.add(op);
      }
    }
    return ops;
  }
}
