package dev.kgen.interp;

import dev.kgen.ir.Block;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Op;
import dev.kgen.ir.OpVisitor;
import dev.kgen.ir.Param;
import dev.kgen.ir.Shape;
import dev.kgen.ir.Value;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Runs a specialized kernel on the CPU, program by program, over little-endian
 * {@link ByteBuffer}s: the semantic oracle for every backend. Loads and stores are bounds
 * checked, so a wrong offset is an error here rather than silent corruption.
 */
public final class Interpreter {
  private static final Object ATOMICS = new Object();
  private final Kernel kernel;
  private final boolean parallel;

  public Interpreter(Kernel kernel, boolean parallel) {
    this.kernel = kernel;
    this.parallel = parallel;
  }

  public Interpreter(Kernel kernel) {
    this(kernel, true);
  }

  /**
   * Runs every program of the grid. {@code args} follow the kernel's parameters: a
   * {@link ByteBuffer} for each pointer (null allowed if the kernel never reads it), a
   * {@link Number} for each scalar.
   */
  public void run(int[] grid, List<?> args) {
    List<Param> params = kernel.params();
    if (args.size() != params.size()) {
      throw new InterpreterException(kernel.name() + ": expected " + params.size() + " arguments, got " + args.size());
    }
    ByteBuffer[] buffers = new ByteBuffer[params.size()];
    for (int i = 0; i < params.size(); i++) {
      Param p = params.get(i);
      Object a = args.get(i);
      if (p.isPointer()) {
        if (a != null && !(a instanceof ByteBuffer)) {
          throw new InterpreterException(kernel.name() + ": argument " + p.name() + " must be a ByteBuffer, got "
              + a.getClass().getSimpleName());
        }
        buffers[i] = a == null ? null : ((ByteBuffer) a).duplicate().order(ByteOrder.LITTLE_ENDIAN);
      } else if (!(a instanceof Number)) {
        throw new InterpreterException(kernel.name() + ": argument " + p.name() + " must be a number, got "
            + (a == null ? "null" : a.getClass().getSimpleName()));
      }
    }
    int[] g = {grid.length > 0 ? grid[0] : 1, grid.length > 1 ? grid[1] : 1, grid.length > 2 ? grid[2] : 1};
    int total = g[0] * g[1] * g[2];
    IntStream programs = IntStream.range(0, total);
    (parallel ? programs.parallel() : programs).forEach(linear -> {
      int[] pid = {linear % g[0], (linear / g[0]) % g[1], linear / (g[0] * g[1])};
      new Program(pid, g, buffers, args).run();
    });
  }

  /** One program instance's state. */
  private final class Program implements OpVisitor<Void> {
    private final int[] pid;
    private final int[] grid;
    private final ByteBuffer[] buffers;
    private final Map<Value, TileValue> env = new IdentityHashMap<>();
    private boolean returned;

    Program(int[] pid, int[] grid, ByteBuffer[] buffers, List<?> args) {
      this.pid = pid;
      this.grid = grid;
      this.buffers = buffers;
      List<Param> params = kernel.params();
      for (int i = 0; i < params.size(); i++) {
        Param p = params.get(i);
        if (p.isPointer()) {
          env.put(p.value(), TileValue.pointer(Shape.SCALAR, i, new long[] {0}));
        } else {
          env.put(p.value(), TileValue.of(Shape.SCALAR, new double[] {p.dtype().convert(((Number) args.get(i)).doubleValue())}));
        }
      }
    }

    void run() {
      exec(kernel.body());
    }

    /** Runs a block; returns the values of its trailing yield, if any. */
    private List<Value> exec(Block b) {
      for (Op op : b.ops()) {
        if (returned) {
          return null;
        }
        if (op instanceof Op.Yield y) {
          return y.values();
        }
        op.accept(this);
      }
      return null;
    }

    private TileValue get(Value v) {
      return env.get(v);
    }

    private Void set(Value v, TileValue t) {
      env.put(v, t);
      return null;
    }

    private Void set(Value v, double[] data) {
      return set(v, TileValue.of(v.shape(), data));
    }

    public Void visitProgramId(Op.ProgramId o) {
      return set(o.result(), new double[] {pid[o.axis()]});
    }

    public Void visitNumPrograms(Op.NumPrograms o) {
      return set(o.result(), new double[] {grid[o.axis()]});
    }

    public Void visitFull(Op.Full o) {
      double[] d = new double[o.result().shape().numel()];
      java.util.Arrays.fill(d, o.result().dtype().convert(o.value()));
      return set(o.result(), d);
    }

    public Void visitArange(Op.Arange o) {
      double[] d = new double[o.end() - o.start()];
      for (int i = 0; i < d.length; i++) {
        d[i] = o.start() + i;
      }
      return set(o.result(), d);
    }

    public Void visitUnary(Op.Unary o) {
      double[] x = get(o.x()).data();
      DType t = o.result().dtype();
      double[] r = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        r[i] = t.convert(Elementwise.unary(o.op(), t, x[i]));
      }
      return set(o.result(), r);
    }

    public Void visitBinary(Op.Binary o) {
      double[] a = get(o.a()).data();
      double[] b = get(o.b()).data();
      DType operand = o.a().dtype();
      DType t = o.result().dtype();
      double[] r = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        r[i] = t.convert(Elementwise.binary(o.op(), operand, a[i], b[i]));
      }
      return set(o.result(), r);
    }

    public Void visitSelect(Op.Select o) {
      double[] c = get(o.cond()).data();
      double[] a = get(o.a()).data();
      double[] b = get(o.b()).data();
      double[] r = new double[c.length];
      for (int i = 0; i < c.length; i++) {
        r[i] = c[i] != 0 ? a[i] : b[i];
      }
      return set(o.result(), r);
    }

    public Void visitCast(Op.Cast o) {
      double[] x = get(o.x()).data();
      DType from = o.x().dtype();
      DType t = o.result().dtype();
      double[] r = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        double v = x[i];
        // float to int conversion truncates toward zero, as C does
        r[i] = from.isFloat() && !t.isFloat() && !t.isBool() ? t.convert(v < 0 ? Math.ceil(v) : Math.floor(v)) : t.convert(v);
      }
      return set(o.result(), r);
    }

    public Void visitTrans(Op.Trans o) {
      TileValue x = get(o.x());
      int rows = x.shape().dim(0);
      int cols = x.shape().dim(1);
      double[] r = new double[rows * cols];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          r[j * rows + i] = x.data()[i * cols + j];
        }
      }
      return set(o.result(), r);
    }

    public Void visitExpandDims(Op.ExpandDims o) {
      TileValue x = get(o.x());
      return set(o.result(), new TileValue(o.result().shape(), x.data(), x.buffer(), x.offsets()));
    }

    public Void visitBroadcast(Op.Broadcast o) {
      TileValue x = get(o.x());
      Shape to = o.result().shape();
      int n = to.numel();
      int[] src = Indexing.broadcastSource(x.shape(), to);
      if (x.isPointer()) {
        long[] off = new long[n];
        for (int i = 0; i < n; i++) {
          off[i] = x.offsets()[src[i]];
        }
        return set(o.result(), TileValue.pointer(to, x.buffer(), off));
      }
      double[] r = new double[n];
      for (int i = 0; i < n; i++) {
        r[i] = x.data()[src[i]];
      }
      return set(o.result(), r);
    }

    public Void visitReduce(Op.Reduce o) {
      TileValue x = get(o.x());
      return set(o.result(), Indexing.reduce(o.op(), x.data(), x.shape(), o.axis(), o.result().dtype()));
    }

    public Void visitDot(Op.Dot o) {
      TileValue a = get(o.a());
      TileValue b = get(o.b());
      int m = a.shape().dim(0);
      int kk = a.shape().dim(1);
      int n = b.shape().dim(1);
      double[] r = new double[m * n];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int p = 0; p < kk; p++) {
            s += a.data()[i * kk + p] * b.data()[p * n + j];
          }
          r[i * n + j] = (float) s;
        }
      }
      return set(o.result(), r);
    }

    public Void visitAddPtr(Op.AddPtr o) {
      TileValue p = get(o.ptr());
      double[] off = get(o.offset()).data();
      long[] r = new long[off.length];
      for (int i = 0; i < off.length; i++) {
        r[i] = p.offsets()[i] + (long) off[i];
      }
      return set(o.result(), TileValue.pointer(o.result().shape(), p.buffer(), r));
    }

    private ByteBuffer buffer(TileValue p, String op) {
      ByteBuffer b = buffers[p.buffer()];
      if (b == null) {
        throw new InterpreterException(kernel.name() + ": " + op + " through " + kernel.params().get(p.buffer()).name()
            + ", which was passed as null");
      }
      return b;
    }

    private void checkBounds(TileValue p, long offset, String op, DType dtype, ByteBuffer b) {
      long capacity = b.capacity() / dtype.bytes();
      if (offset < 0 || offset >= capacity) {
        throw new InterpreterException(kernel.name() + ": " + op + " out of bounds: " + kernel.params().get(p.buffer()).name()
            + "[" + offset + "] but the buffer holds " + capacity + " elements of " + dtype + " (program " + pid[0] + ","
            + pid[1] + "," + pid[2] + ")");
      }
    }

    public Void visitLoad(Op.Load o) {
      TileValue p = get(o.ptr());
      double[] mask = o.mask() == null ? null : get(o.mask()).data();
      double[] other = o.other() == null ? null : get(o.other()).data();
      DType t = o.result().dtype();
      double[] r = new double[p.size()];
      ByteBuffer b = null;
      for (int i = 0; i < r.length; i++) {
        if (mask == null || mask[i] != 0) {
          if (b == null) {
            b = buffer(p, "load");
          }
          checkBounds(p, p.offsets()[i], "load", t, b);
          r[i] = t.read(b, p.offsets()[i]);
        } else {
          r[i] = other == null ? 0 : other[i];
        }
      }
      return set(o.result(), r);
    }

    public Void visitStore(Op.Store o) {
      TileValue p = get(o.ptr());
      double[] v = get(o.value()).data();
      double[] mask = o.mask() == null ? null : get(o.mask()).data();
      DType t = o.ptr().dtype();
      ByteBuffer b = null;
      for (int i = 0; i < v.length; i++) {
        if (mask == null || mask[i] != 0) {
          if (b == null) {
            b = buffer(p, "store");
          }
          checkBounds(p, p.offsets()[i], "store", t, b);
          t.write(b, p.offsets()[i], v[i]);
        }
      }
      return null;
    }

    /**
     * One lock for every atomic add of every run: a program's plain stores before its add happen
     * before the add of any program that takes the lock after it, and so before its later loads.
     */
    public Void visitAtomicAdd(Op.AtomicAdd o) {
      TileValue p = get(o.ptr());
      ByteBuffer b = buffer(p, "atomic_add");
      long offset = p.offsets()[0];
      checkBounds(p, offset, "atomic_add", DType.I32, b);
      int add = (int) get(o.value()).scalar();
      int before;
      synchronized (ATOMICS) {
        before = b.getInt((int) offset * 4);
        b.putInt((int) offset * 4, before + add);
      }
      return set(o.result(), new double[] {before});
    }

    public Void visitFor(Op.For o) {
      int lo = (int) get(o.lo()).scalar();
      int hi = (int) get(o.hi()).scalar();
      for (int i = 0; i < o.carried().size(); i++) {
        env.put(o.carried().get(i), get(o.inits().get(i)));
      }
      for (int iv = lo; iv < hi; iv++) {
        env.put(o.iv(), TileValue.of(Shape.SCALAR, new double[] {iv}));
        List<Value> next = exec(o.body());
        if (returned) {
          return null;
        }
        TileValue[] vals = new TileValue[next.size()];
        for (int i = 0; i < vals.length; i++) {
          vals[i] = get(next.get(i));
        }
        for (int i = 0; i < vals.length; i++) {
          env.put(o.carried().get(i), vals[i]);
        }
      }
      for (int i = 0; i < o.results().size(); i++) {
        env.put(o.results().get(i), get(o.carried().get(i)));
      }
      return null;
    }

    public Void visitIf(Op.If o) {
      List<Value> yielded = exec(get(o.cond()).scalar() != 0 ? o.then() : o.otherwise());
      if (!returned) {
        for (int i = 0; i < o.results().size(); i++) {
          env.put(o.results().get(i), get(yielded.get(i)));
        }
      }
      return null;
    }

    public Void visitYield(Op.Yield o) {
      return null;
    }

    public Void visitReturn(Op.Return o) {
      returned = true;
      return null;
    }
  }
}
