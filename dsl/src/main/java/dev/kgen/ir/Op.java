package dev.kgen.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The sealed set of IR operations. Every operand already has the exact type the op needs: the
 * semantic layer inserted casts and broadcasts, so backends never promote or broadcast
 * implicitly.
 */
public sealed interface Op {
  /** Values this op defines. */
  List<Value> results();

  /** Values this op reads, in a fixed order (nested blocks excluded). */
  List<Value> operands();

  /** Nested blocks (loop body, branches). */
  default List<Block> blocks() {
    return List.of();
  }

  /** Pure ops have no effect but their results and may be removed when unused or merged. */
  default boolean pure() {
    return true;
  }

  /** Double dispatch to the visitor method for this op's record type. */
  <R> R accept(OpVisitor<R> v);

  private static List<Value> listOf(Value... vs) {
    List<Value> out = new ArrayList<>();
    for (Value v : vs) {
      if (v != null) {
        out.add(v);
      }
    }
    return List.copyOf(out);
  }

  /** The program's index along grid axis 0, 1 or 2 (an i32 scalar). */
  record ProgramId(Value result, int axis) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitProgramId(this);
    }

    public List<Value> results() {
      return List.of(result);
    }

    public List<Value> operands() {
      return List.of();
    }
  }

  /** The number of programs along a grid axis (an i32 scalar). */
  record NumPrograms(Value result, int axis) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitNumPrograms(this);
    }

    public List<Value> results() {
      return List.of(result);
    }

    public List<Value> operands() {
      return List.of();
    }
  }

  /** A tile (or scalar) with every element equal to {@code value}, in the result's dtype. */
  record Full(Value result, double value) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitFull(this);
    }

    public List<Value> results() {
      return List.of(result);
    }

    public List<Value> operands() {
      return List.of();
    }
  }

  /** The i32 tile {@code [start, start+1, ..., end-1]}; its length is a power of two. */
  record Arange(Value result, int start, int end) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitArange(this);
    }

    public List<Value> results() {
      return List.of(result);
    }

    public List<Value> operands() {
      return List.of();
    }
  }

  record Unary(Value result, UnaryOp op, Value x) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitUnary(this);
    }

    public List<Value> results() {
      return List.of(result);
    }

    public List<Value> operands() {
      return List.of(x);
    }
  }

  record Binary(Value result, BinaryOp op, Value a, Value b) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitBinary(this);
    }

    public List<Value> results() {
      return List.of(result);
    }

    public List<Value> operands() {
      return List.of(a, b);
    }
  }

  /** Elementwise {@code cond ? a : b}. */
  record Select(Value result, Value cond, Value a, Value b) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitSelect(this);
    }

    public List<Value> results() {
      return List.of(result);
    }

    public List<Value> operands() {
      return List.of(cond, a, b);
    }
  }

  /** Converts to the result's dtype (rounding to nearest even for floats). */
  record Cast(Value result, Value x) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitCast(this);
    }

    public List<Value> results() {
      return List.of(result);
    }

    public List<Value> operands() {
      return List.of(x);
    }
  }

  /** The transpose of a 2-D tile: {@code result[j, i] = x[i, j]}. */
  record Trans(Value result, Value x) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitTrans(this);
    }

    public List<Value> results() {
      return List.of(result);
    }

    public List<Value> operands() {
      return List.of(x);
    }
  }

  /** Inserts a dimension of size 1 at {@code axis} ({@code x[:, None]} is axis 1). */
  record ExpandDims(Value result, Value x, int axis) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitExpandDims(this);
    }

    public List<Value> results() {
      return List.of(result);
    }

    public List<Value> operands() {
      return List.of(x);
    }
  }

  /**
   * Repeats the size-1 dimensions of {@code x} up to the result's shape; {@code x} has the
   * result's rank, or is a scalar.
   */
  record Broadcast(Value result, Value x) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitBroadcast(this);
    }

    public List<Value> results() {
      return List.of(result);
    }

    public List<Value> operands() {
      return List.of(x);
    }
  }

  record Reduce(Value result, ReduceOp op, Value x, int axis) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitReduce(this);
    }

    public List<Value> results() {
      return List.of(result);
    }

    public List<Value> operands() {
      return List.of(x);
    }
  }

  /** Matrix product {@code [M,K] x [K,N] -> [M,N]}, accumulated and returned in fp32. */
  record Dot(Value result, Value a, Value b) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitDot(this);
    }

    public List<Value> results() {
      return List.of(result);
    }

    public List<Value> operands() {
      return List.of(a, b);
    }
  }

  /** Pointer arithmetic: {@code ptr + offset} elements, same shape for both operands. */
  record AddPtr(Value result, Value ptr, Value offset) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitAddPtr(this);
    }

    public List<Value> results() {
      return List.of(result);
    }

    public List<Value> operands() {
      return List.of(ptr, offset);
    }
  }

  /**
   * Reads through a pointer tile. Where {@code mask} (nullable) is false nothing is read and
   * the element is {@code other} (nullable: zero).
   */
  record Load(Value result, Value ptr, Value mask, Value other) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitLoad(this);
    }

    public List<Value> results() {
      return List.of(result);
    }

    public List<Value> operands() {
      return listOf(ptr, mask, other);
    }

    /** Loads read memory another program may write, so they are not merged or moved. */
    @Override
    public boolean pure() {
      return false;
    }
  }

  /** Writes through a pointer tile where {@code mask} (nullable) is true. */
  record Store(Value ptr, Value value, Value mask) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitStore(this);
    }

    public List<Value> results() {
      return List.of();
    }

    public List<Value> operands() {
      return listOf(ptr, value, mask);
    }

    @Override
    public boolean pure() {
      return false;
    }
  }

  /**
   * Adds {@code value} (an i32 scalar) to the i32 that the scalar pointer {@code ptr} addresses,
   * once per program, and gives every thread of the program the value it held before. The add
   * orders memory across programs: every store this program made before it is visible to a
   * program whose add on the same address comes later, and every load after it sees the stores
   * that programs with earlier adds made before theirs (release and acquire, device-wide). With
   * it, the last program of a group to arrive can read what the others wrote. A {@code relaxed}
   * add orders nothing: only the add itself is atomic (e.g. resetting a counter no one reads
   * before the launch ends).
   */
  record AtomicAdd(Value result, Value ptr, Value value, boolean relaxed) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitAtomicAdd(this);
    }

    public List<Value> results() {
      return List.of(result);
    }

    public List<Value> operands() {
      return List.of(ptr, value);
    }

    @Override
    public boolean pure() {
      return false;
    }
  }

  /**
   * {@code for iv in range(lo, hi)} with loop-carried values: the body's arguments are
   * {@code carried} (initialised from {@code inits}), it ends with a {@link Yield} of their next
   * values, and {@code results} are their final values.
   */
  record For(List<Value> results, Value iv, Value lo, Value hi, List<Value> inits,
      List<Value> carried, Block body) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitFor(this);
    }

    public For {
      results = List.copyOf(results);
      inits = List.copyOf(inits);
      carried = List.copyOf(carried);
      Objects.requireNonNull(body);
    }

    public List<Value> operands() {
      List<Value> out = new ArrayList<>(List.of(lo, hi));
      out.addAll(inits);
      return List.copyOf(out);
    }

    @Override
    public List<Block> blocks() {
      return List.of(body);
    }

    @Override
    public boolean pure() {
      return false;
    }
  }

  /**
   * Branch on a uniform i1 scalar. With results, both blocks end with a {@link Yield}; without,
   * either block may {@link Return}.
   */
  record If(List<Value> results, Value cond, Block then, Block otherwise) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitIf(this);
    }

    public If {
      results = List.copyOf(results);
    }

    public List<Value> operands() {
      return List.of(cond);
    }

    @Override
    public List<Block> blocks() {
      return List.of(then, otherwise);
    }

    @Override
    public boolean pure() {
      return false;
    }
  }

  /** Ends a loop body or branch with the values it passes on. */
  record Yield(List<Value> values) implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitYield(this);
    }

    public Yield {
      values = List.copyOf(values);
    }

    public List<Value> results() {
      return List.of();
    }

    public List<Value> operands() {
      return values;
    }

    @Override
    public boolean pure() {
      return false;
    }
  }

  /** Ends the program early (uniformly: every thread of the program returns). */
  record Return() implements Op {
    public <R> R accept(OpVisitor<R> v) {
      return v.visitReturn(this);
    }

    public List<Value> results() {
      return List.of();
    }

    public List<Value> operands() {
      return List.of();
    }

    @Override
    public boolean pure() {
      return false;
    }
  }
}
