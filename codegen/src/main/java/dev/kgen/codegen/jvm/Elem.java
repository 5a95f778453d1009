package dev.kgen.codegen.jvm;

import dev.kgen.ir.DType;
import dev.kgen.ir.Shape;
import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * How generated code reads element {@code index} of a tile: from an array through strides, as
 * one scalar for every element, as an arange, or as an expression over other tiles (an
 * elementwise op inlined into its only consumer). expand_dims and broadcast only change the
 * view (see {@link Index#denseStrides}), so they never copy.
 */
sealed interface Elem {
  /** The element at {@code index}. */
  Expr at(Index index);

  /** The same elements seen with a size-1 dimension inserted at {@code axis}. */
  Elem expand(int axis);

  /** The same elements of a 2-D tile seen transposed. */
  Elem transpose();

  /** Whether elements differ along {@code axis} (false when the view repeats them along it). */
  boolean varies(int axis);

  /** Whether a flat loop over {@code shape} may address this elementwise. */
  boolean denseIn(Shape shape);

  /** Adds the names of the arrays and mutable locals this reads (for yield hazards). */
  void reads(Set<String> out);

  /** A tile stored row-major in {@code array}, viewed with a stride per dimension. */
  record Dense(String array, JavaType type, List<Integer> strides) implements Elem {
    public Dense {
      strides = List.copyOf(strides);
    }

    static Dense of(String array, JavaType type, Shape shape) {
      return new Dense(array, type, Index.denseStrides(shape));
    }

    public Expr at(Index index) {
      String pos = index.flat() != null ? index.flat() : Index.linear(index.vars(), strides);
      return Expr.atom(type, "$L[$L]", array, pos);
    }

    public Dense expand(int axis) {
      List<Integer> s = new ArrayList<>(strides);
      s.add(axis, 0);
      return new Dense(array, type, s);
    }

    public Dense transpose() {
      return new Dense(array, type, List.of(strides.get(1), strides.get(0)));
    }

    public boolean varies(int axis) {
      return strides.get(axis) != 0;
    }

    public boolean denseIn(Shape shape) {
      return strides.equals(Index.denseStrides(shape));
    }

    public void reads(Set<String> out) {
      out.add(array);
    }
  }

  /**
   * Every element is {@code value}: a scalar local or a literal. {@code storage} names the
   * local when it can change (a loop-carried scalar), else null.
   */
  record Uniform(Expr value, String storage) implements Elem {
    public Expr at(Index index) {
      return value;
    }

    public Elem expand(int axis) {
      return this;
    }

    public Elem transpose() {
      return this;
    }

    public boolean varies(int axis) {
      return false;
    }

    public boolean denseIn(Shape shape) {
      return true;
    }

    public void reads(Set<String> out) {
      if (storage != null) {
        out.add(storage);
      }
    }
  }

  /** {@code start + index[axis]}: an arange, possibly expanded and broadcast. */
  record Iota(int start, int axis) implements Elem {
    public Expr at(Index index) {
      String v = index.var(axis);
      return start == 0 ? Expr.atom(JavaType.INT, "$L", v) : Expr.compound(JavaType.INT, "$L + $L", start, v);
    }

    public Elem expand(int at) {
      return new Iota(start, at <= axis ? axis + 1 : axis);
    }

    public Elem transpose() {
      return new Iota(start, 1 - axis);
    }

    public boolean varies(int at) {
      return at == axis;
    }

    public boolean denseIn(Shape shape) {
      return false;
    }

    public void reads(Set<String> out) {}
  }

  /**
   * An elementwise op computed where it is read: {@code combine} of the inputs' elements.
   * {@code kind} says when the element is also known as a whole: the 64-bit (wrapping) sum of
   * the inputs' elements, which may then be added in any grouping (a load splits its offsets
   * into a row and a column part), or their conjunction (a load splits its mask likewise).
   */
  record Node(List<Elem> inputs, Function<List<Expr>, Expr> combine, Kind kind) implements Elem {
    /** What combining the inputs is, as far as splitting it goes. */
    enum Kind {
      OTHER,
      SUM,
      AND
    }

    public Node {
      inputs = List.copyOf(inputs);
    }

    Node(List<Elem> inputs, Function<List<Expr>, Expr> combine) {
      this(inputs, combine, Kind.OTHER);
    }

    /** The terms whose 64-bit sum {@code e} is: the leaves of nested sums, else {@code e} itself. */
    static void addends(Elem e, List<Elem> out) {
      leaves(e, Kind.SUM, out);
    }

    /** The masks whose conjunction {@code e} is: the leaves of nested ands, else {@code e} itself. */
    static void conjuncts(Elem e, List<Elem> out) {
      leaves(e, Kind.AND, out);
    }

    private static void leaves(Elem e, Kind kind, List<Elem> out) {
      if (e instanceof Node n && n.kind() == kind) {
        n.inputs().forEach(x -> leaves(x, kind, out));
      } else {
        out.add(e);
      }
    }

    public Expr at(Index index) {
      List<Expr> args = new ArrayList<>(inputs.size());
      for (Elem e : inputs) {
        args.add(e.at(index));
      }
      return combine.apply(args);
    }

    public Elem expand(int axis) {
      return new Node(inputs.stream().map(e -> e.expand(axis)).toList(), combine, kind);
    }

    public Elem transpose() {
      return new Node(inputs.stream().map(Elem::transpose).toList(), combine, kind);
    }

    public boolean varies(int axis) {
      return inputs.stream().anyMatch(e -> e.varies(axis));
    }

    public boolean denseIn(Shape shape) {
      return inputs.stream().allMatch(e -> e.denseIn(shape));
    }

    public void reads(Set<String> out) {
      inputs.forEach(e -> e.reads(out));
    }
  }

  /**
   * A tile of 8-bit floats (fp8) kept as its stored codes in a {@code byte[]}, row-major with a
   * stride per dimension, decoded where read. An elementwise op over it and scalars alone has at
   * most 256 distinct results, so it is computed once per code into a table and gathered.
   */
  record Coded(String array, DType dtype, List<Integer> strides) implements Elem {
    public Coded {
      strides = List.copyOf(strides);
    }

    public Expr at(Index index) {
      return MemoryAccess.decode(dtype, CodeBlock.of("$L", codes().at(index).code()));
    }

    /** The stored codes themselves, as bytes. */
    Dense codes() {
      return new Dense(array, JavaType.BYTE, strides);
    }

    /** The codes seen as {@code view} sees them (the views are the byte array's). */
    private Coded viewing(Dense view) {
      return new Coded(view.array(), dtype, view.strides());
    }

    public Elem expand(int axis) {
      return viewing(codes().expand(axis));
    }

    public Elem transpose() {
      return viewing(codes().transpose());
    }

    public boolean varies(int axis) {
      return codes().varies(axis);
    }

    public boolean denseIn(Shape shape) {
      return codes().denseIn(shape);
    }

    public void reads(Set<String> out) {
      out.add(array);
    }
  }
}
