package dev.kgen.ir.passes;

import dev.kgen.ir.Block;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Op;
import dev.kgen.ir.OpRewriter;
import dev.kgen.ir.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges pure ops that compute the same thing from the same operands (e.g. two
 * {@code arange(0, 128)}), keeping the first. An op inside a loop or branch may reuse one
 * defined before it, never the other way round.
 */
public final class CommonSubexpressionElimination implements Pass {
  @Override
  public String name() {
    return "CommonSubexpressionElimination";
  }

  @Override
  public Kernel apply(Kernel k) {
    Map<Value, Value> replace = new HashMap<>();
    Block body = visit(k.body(), new HashMap<>(), replace);
    return k.toBuilder().body(body).build();
  }

  private Block visit(Block b, Map<String, Value> outer, Map<Value, Value> replace) {
    Map<String, Value> seen = new HashMap<>(outer);
    OpRewriter rw = new OpRewriter(v -> replace.getOrDefault(v, v));
    List<Op> out = new ArrayList<>();
    for (Op original : b.ops()) {
      Op op = original;
      if (op instanceof Op.For f) {
        Op.For g = (Op.For) rw.op(new Op.For(f.results(), f.iv(), f.lo(), f.hi(), f.inits(), f.carried(), new Block(List.of())));
        out.add(new Op.For(g.results(), g.iv(), g.lo(), g.hi(), g.inits(), g.carried(), visit(f.body(), seen, replace)));
        continue;
      }
      if (op instanceof Op.If i) {
        Op.If g = (Op.If) rw.op(new Op.If(i.results(), i.cond(), new Block(List.of()), new Block(List.of())));
        out.add(new Op.If(g.results(), g.cond(), visit(i.then(), seen, replace), visit(i.otherwise(), seen, replace)));
        continue;
      }
      op = rw.op(op);
      if (op.pure() && op.results().size() == 1) {
        String key = signature(op);
        Value prior = seen.get(key);
        Value mine = op.results().get(0);
        if (prior != null && mine.name() == null) {
          replace.put(mine, prior);
          continue;
        }
        seen.putIfAbsent(key, mine);
      }
      out.add(op);
    }
    return new Block(out);
  }

  /** The op's kind, attributes, operand identities and result type, without its result. */
  private static String signature(Op op) {
    StringBuilder sb = new StringBuilder(op.getClass().getSimpleName());
    sb.append('|').append(op.results().get(0).type());
    for (Value v : op.operands()) {
      sb.append('|').append(System.identityHashCode(v)).append('#').append(v.id());
    }
    if (op instanceof Op.Full f) {
      sb.append('|').append(Double.doubleToRawLongBits(f.value()));
    } else if (op instanceof Op.Arange a) {
      sb.append('|').append(a.start()).append(',').append(a.end());
    } else if (op instanceof Op.Unary u) {
      sb.append('|').append(u.op());
    } else if (op instanceof Op.Binary bi) {
      sb.append('|').append(bi.op());
    } else if (op instanceof Op.Reduce r) {
      sb.append('|').append(r.op()).append(',').append(r.axis());
    } else if (op instanceof Op.ExpandDims e) {
      sb.append('|').append(e.axis());
    } else if (op instanceof Op.ProgramId p) {
      sb.append('|').append(p.axis());
    } else if (op instanceof Op.NumPrograms p) {
      sb.append('|').append(p.axis());
    }
    return sb.toString();
  }

}
