package dev.kgen.dsl;

import dev.kgen.ir.BinaryOp;
import dev.kgen.ir.DType;
import dev.kgen.ir.ReduceOp;
import dev.kgen.ir.Shape;
import dev.kgen.ir.Type;
import dev.kgen.ir.UnaryOp;
import dev.kgen.ir.Value;

/**
 * A tile (or scalar, or pointer tile) in a kernel being built: the user-facing surface of the
 * DSL. Every method is one line that hands over to {@link Semantics}, which checks, promotes,
 * broadcasts and emits IR.
 */
public sealed class Tile permits Semantics.Literal {
  final Semantics sem;
  final Value value;

  Tile(Semantics sem, Value value) {
    this.sem = sem;
    this.value = value;
  }

  public Value value() {
    return value;
  }

  public Type type() {
    return value.type();
  }

  public Shape shape() {
    return value.shape();
  }

  public DType dtype() {
    return value.dtype();
  }

  /** Gives this value a name that the IR printer and generated code use. */
  public Tile as(String name) {
    return sem.name(this, name);
  }

  public Tile add(Tile o) {
    return sem.add(this, o);
  }

  public Tile add(long o) {
    return sem.add(this, sem.literal(o));
  }

  public Tile add(double o) {
    return sem.add(this, sem.literal(o));
  }

  public Tile sub(Tile o) {
    return sem.binary(BinaryOp.SUB, this, o);
  }

  public Tile sub(long o) {
    return sem.binary(BinaryOp.SUB, this, sem.literal(o));
  }

  public Tile sub(double o) {
    return sem.binary(BinaryOp.SUB, this, sem.literal(o));
  }

  public Tile mul(Tile o) {
    return sem.binary(BinaryOp.MUL, this, o);
  }

  public Tile mul(long o) {
    return sem.binary(BinaryOp.MUL, this, sem.literal(o));
  }

  public Tile mul(double o) {
    return sem.binary(BinaryOp.MUL, this, sem.literal(o));
  }

  /** True division: integer operands are converted to fp32 first (Python's {@code /}). */
  public Tile div(Tile o) {
    return sem.trueDiv(this, o);
  }

  public Tile div(double o) {
    return sem.trueDiv(this, sem.literal(o));
  }

  /** Integer division truncating toward zero (Triton's {@code //} on ints). */
  public Tile intDiv(Tile o) {
    return sem.intDiv(this, o);
  }

  public Tile intDiv(long o) {
    return sem.intDiv(this, sem.literal(o));
  }

  /** Integer remainder with the sign of the dividend (Triton's {@code %} on ints). */
  public Tile rem(Tile o) {
    return sem.intRem(this, o);
  }

  public Tile rem(long o) {
    return sem.intRem(this, sem.literal(o));
  }

  public Tile neg() {
    return sem.unary(UnaryOp.NEG, this);
  }

  public Tile exp() {
    return sem.unary(UnaryOp.EXP, this);
  }

  public Tile log() {
    return sem.unary(UnaryOp.LOG, this);
  }

  public Tile sqrt() {
    return sem.unary(UnaryOp.SQRT, this);
  }

  public Tile rsqrt() {
    return sem.unary(UnaryOp.RSQRT, this);
  }

  public Tile abs() {
    return sem.unary(UnaryOp.ABS, this);
  }

  public Tile lt(Tile o) {
    return sem.binary(BinaryOp.LT, this, o);
  }

  public Tile lt(long o) {
    return sem.binary(BinaryOp.LT, this, sem.literal(o));
  }

  public Tile le(Tile o) {
    return sem.binary(BinaryOp.LE, this, o);
  }

  public Tile le(long o) {
    return sem.binary(BinaryOp.LE, this, sem.literal(o));
  }

  public Tile gt(Tile o) {
    return sem.binary(BinaryOp.GT, this, o);
  }

  public Tile gt(long o) {
    return sem.binary(BinaryOp.GT, this, sem.literal(o));
  }

  public Tile gt(double o) {
    return sem.binary(BinaryOp.GT, this, sem.literal(o));
  }

  public Tile ge(Tile o) {
    return sem.binary(BinaryOp.GE, this, o);
  }

  public Tile ge(long o) {
    return sem.binary(BinaryOp.GE, this, sem.literal(o));
  }

  public Tile eq(Tile o) {
    return sem.binary(BinaryOp.EQ, this, o);
  }

  public Tile eq(double o) {
    return sem.binary(BinaryOp.EQ, this, sem.literal(o));
  }

  public Tile eq(long o) {
    return sem.binary(BinaryOp.EQ, this, sem.literal(o));
  }

  public Tile ne(Tile o) {
    return sem.binary(BinaryOp.NE, this, o);
  }

  public Tile and(Tile o) {
    return sem.binary(BinaryOp.AND, this, o);
  }

  public Tile or(Tile o) {
    return sem.binary(BinaryOp.OR, this, o);
  }

  public Tile not() {
    return sem.unary(UnaryOp.NOT, this);
  }

  /** Converts the elements to {@code dtype}. */
  public Tile to(DType dtype) {
    return sem.cast(this, dtype);
  }

  public Tile max(int axis) {
    return sem.reduce(ReduceOp.MAX, this, axis);
  }

  public Tile min(int axis) {
    return sem.reduce(ReduceOp.MIN, this, axis);
  }

  public Tile sum(int axis) {
    return sem.reduce(ReduceOp.SUM, this, axis);
  }

  /** Inserts a size-1 axis: {@code expandDims(1)} is Triton's {@code x[:, None]}. */
  public Tile expandDims(int axis) {
    return sem.expandDims(this, axis);
  }

  /** The transpose of this 2-D tile ({@code tl.trans}): element {@code [j, i]} is this tile's {@code [i, j]}. */
  public Tile trans() {
    return sem.trans(this);
  }

  /** {@code x[:, None]}: this 1-D tile as a column. */
  public Tile col() {
    return sem.expandDims(this, 1);
  }

  /** {@code x[None, :]}: this 1-D tile as a row. */
  public Tile row() {
    return sem.expandDims(this, 0);
  }

  public Tile broadcastTo(int... dims) {
    return sem.broadcastTo(this, Shape.of(dims));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
