package dev.kgen.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Rebuilds ops with every value (results, operands, block arguments) passed through a mapping,
 * recursing into nested blocks. Passes use it to substitute and rename values.
 */
public final class OpRewriter {
  private final Function<Value, Value> map;

  public OpRewriter(Function<Value, Value> map) {
    this.map = map;
  }

  public Block block(Block b) {
    List<Op> ops = new ArrayList<>(b.ops().size());
    for (Op op : b.ops()) {
      ops.add(op(op));
    }
    return new Block(ops);
  }

  private Value m(Value v) {
    return v == null ? null : map.apply(v);
  }

  private List<Value> m(List<Value> vs) {
    List<Value> out = new ArrayList<>(vs.size());
    for (Value v : vs) {
      out.add(m(v));
    }
    return out;
  }

  public Op op(Op op) {
    return op.accept(new OpVisitor<Op>() {
      public Op visitProgramId(Op.ProgramId o) {
        return new Op.ProgramId(m(o.result()), o.axis());
      }

      public Op visitNumPrograms(Op.NumPrograms o) {
        return new Op.NumPrograms(m(o.result()), o.axis());
      }

      public Op visitFull(Op.Full o) {
        return new Op.Full(m(o.result()), o.value());
      }

      public Op visitArange(Op.Arange o) {
        return new Op.Arange(m(o.result()), o.start(), o.end());
      }

      public Op visitUnary(Op.Unary o) {
        return new Op.Unary(m(o.result()), o.op(), m(o.x()));
      }

      public Op visitBinary(Op.Binary o) {
        return new Op.Binary(m(o.result()), o.op(), m(o.a()), m(o.b()));
      }

      public Op visitSelect(Op.Select o) {
        return new Op.Select(m(o.result()), m(o.cond()), m(o.a()), m(o.b()));
      }

      public Op visitCast(Op.Cast o) {
        return new Op.Cast(m(o.result()), m(o.x()));
      }

      public Op visitTrans(Op.Trans o) {
        return new Op.Trans(m(o.result()), m(o.x()));
      }

      public Op visitExpandDims(Op.ExpandDims o) {
        return new Op.ExpandDims(m(o.result()), m(o.x()), o.axis());
      }

      public Op visitBroadcast(Op.Broadcast o) {
        return new Op.Broadcast(m(o.result()), m(o.x()));
      }

      public Op visitReduce(Op.Reduce o) {
        return new Op.Reduce(m(o.result()), o.op(), m(o.x()), o.axis());
      }

      public Op visitDot(Op.Dot o) {
        return new Op.Dot(m(o.result()), m(o.a()), m(o.b()));
      }

      public Op visitAddPtr(Op.AddPtr o) {
        return new Op.AddPtr(m(o.result()), m(o.ptr()), m(o.offset()));
      }

      public Op visitLoad(Op.Load o) {
        return new Op.Load(m(o.result()), m(o.ptr()), m(o.mask()), m(o.other()));
      }

      public Op visitStore(Op.Store o) {
        return new Op.Store(m(o.ptr()), m(o.value()), m(o.mask()));
      }

      public Op visitAtomicAdd(Op.AtomicAdd o) {
        return new Op.AtomicAdd(m(o.result()), m(o.ptr()), m(o.value()), o.relaxed());
      }

      public Op visitFor(Op.For o) {
        return new Op.For(m(o.results()), m(o.iv()), m(o.lo()), m(o.hi()), m(o.inits()), m(o.carried()),
            block(o.body()));
      }

      public Op visitIf(Op.If o) {
        return new Op.If(m(o.results()), m(o.cond()), block(o.then()), block(o.otherwise()));
      }

      public Op visitYield(Op.Yield o) {
        return new Op.Yield(m(o.values()));
      }

      public Op visitReturn(Op.Return o) {
        return o;
      }
    });
  }
}
