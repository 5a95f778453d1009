package dev.kgen.ir;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints a kernel as text. Names are assigned in definition order: the author's name where
 * given (suffixed {@code .1}, {@code .2} when reused), else a running number, so the text does
 * not depend on how the builder numbered values.
 */
public final class IrPrinter {
  private final StringBuilder out = new StringBuilder();
  private final Map<Value, String> names = new HashMap<>();
  private final Set<String> taken = new HashSet<>();
  private int unnamed;

  private IrPrinter() {}

  public static String print(Kernel k) {
    IrPrinter p = new IrPrinter();
    p.kernel(k);
    return p.out.toString();
  }

  private void kernel(Kernel k) {
    out.append("kernel ").append(k.name());
    if (!k.constexprs().isEmpty()) {
      out.append(k.constexprs().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining(", ", "[", "]")));
    }
    out.append("(");
    for (int i = 0; i < k.params().size(); i++) {
      Param p = k.params().get(i);
      out.append(i == 0 ? "" : ", ").append(define(p.value())).append(": ").append(p.value().type());
    }
    out.append(") {\n");
    block(k.body(), 1);
    out.append("}\n");
  }

  private void block(Block b, int depth) {
    for (Op op : b.ops()) {
      op(op, depth);
    }
  }

  private void indent(int depth) {
    out.append("  ".repeat(depth));
  }

  private String define(Value v) {
    String n = names.get(v);
    if (n != null) {
      return "%" + n;
    }
    if (v.name() == null) {
      n = Integer.toString(unnamed++);
      while (taken.contains(n)) {
        n = Integer.toString(unnamed++);
      }
    } else {
      n = v.name();
      for (int i = 1; taken.contains(n); i++) {
        n = v.name() + "." + i;
      }
    }
    taken.add(n);
    names.put(v, n);
    return "%" + n;
  }

  private String ref(Value v) {
    String n = names.get(v);
    return n == null ? "%<undefined " + v.id() + ">" : "%" + n;
  }

  private String refs(List<Value> vs) {
    return vs.stream().map(this::ref).collect(Collectors.joining(", "));
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v) + (v == 0 && 1 / v < 0 ? ".0-" : "");
    }
    return Double.toString(v);
  }

  private void op(Op op, int depth) {
    indent(depth);
    if (!op.results().isEmpty() && !(op instanceof Op.For) && !(op instanceof Op.If)) {
      out.append(define(op.results().get(0))).append(" = ");
    }
    op.accept(new OpVisitor<Void>() {
      public Void visitProgramId(Op.ProgramId o) {
        return line("program_id " + o.axis(), o.result());
      }

      public Void visitNumPrograms(Op.NumPrograms o) {
        return line("num_programs " + o.axis(), o.result());
      }

      public Void visitFull(Op.Full o) {
        return line("full " + number(o.value()), o.result());
      }

      public Void visitArange(Op.Arange o) {
        return line("arange " + o.start() + ", " + o.end(), o.result());
      }

      public Void visitUnary(Op.Unary o) {
        return line(o.op().irName() + " " + ref(o.x()), o.result());
      }

      public Void visitBinary(Op.Binary o) {
        return line(o.op().irName() + " " + ref(o.a()) + ", " + ref(o.b()), o.result());
      }

      public Void visitSelect(Op.Select o) {
        return line("select " + refs(List.of(o.cond(), o.a(), o.b())), o.result());
      }

      public Void visitCast(Op.Cast o) {
        return line("cast " + ref(o.x()), o.result());
      }

      public Void visitTrans(Op.Trans o) {
        return line("trans " + ref(o.x()), o.result());
      }

      public Void visitExpandDims(Op.ExpandDims o) {
        return line("expand_dims " + ref(o.x()) + ", axis " + o.axis(), o.result());
      }

      public Void visitBroadcast(Op.Broadcast o) {
        return line("broadcast " + ref(o.x()), o.result());
      }

      public Void visitReduce(Op.Reduce o) {
        return line("reduce_" + o.op().irName() + " " + ref(o.x()) + ", axis " + o.axis(), o.result());
      }

      public Void visitDot(Op.Dot o) {
        return line("dot " + ref(o.a()) + ", " + ref(o.b()), o.result());
      }

      public Void visitAddPtr(Op.AddPtr o) {
        return line("addptr " + ref(o.ptr()) + ", " + ref(o.offset()), o.result());
      }

      public Void visitLoad(Op.Load o) {
        return line("load " + ref(o.ptr())
            + (o.mask() != null ? ", mask " + ref(o.mask()) : "")
            + (o.other() != null ? ", other " + ref(o.other()) : ""), o.result());
      }

      public Void visitStore(Op.Store o) {
        out.append("store ").append(ref(o.ptr())).append(", ").append(ref(o.value()))
            .append(o.mask() != null ? ", mask " + ref(o.mask()) : "").append("\n");
        return null;
      }

      public Void visitAtomicAdd(Op.AtomicAdd o) {
        return line("atomic_add" + (o.relaxed() ? ".relaxed " : " ") + ref(o.ptr()) + ", " + ref(o.value()), o.result());
      }

      public Void visitFor(Op.For o) {
        forOp(o, depth);
        return null;
      }

      public Void visitIf(Op.If o) {
        ifOp(o, depth);
        return null;
      }

      public Void visitYield(Op.Yield o) {
        out.append("yield ").append(refs(o.values())).append("\n");
        return null;
      }

      public Void visitReturn(Op.Return o) {
        out.append("return\n");
        return null;
      }
    });
  }

  private Void line(String text, Value result) {
    out.append(text).append(" : ").append(result.type()).append("\n");
    return null;
  }

  private void results(List<Value> results) {
    if (!results.isEmpty()) {
      out.append(results.stream().map(this::define).collect(Collectors.joining(", "))).append(" = ");
    }
  }

  private void forOp(Op.For o, int depth) {
    results(o.results());
    out.append("for ").append(define(o.iv())).append(" = ").append(ref(o.lo())).append(" to ").append(ref(o.hi()));
    if (!o.carried().isEmpty()) {
      out.append(" iter(");
      for (int i = 0; i < o.carried().size(); i++) {
        out.append(i == 0 ? "" : ", ").append(define(o.carried().get(i))).append(" = ").append(ref(o.inits().get(i)));
      }
      out.append(")");
    }
    out.append(" {\n");
    block(o.body(), depth + 1);
    indent(depth);
    out.append("}\n");
  }

  private void ifOp(Op.If o, int depth) {
    results(o.results());
    out.append("if ").append(ref(o.cond())).append(" {\n");
    block(o.then(), depth + 1);
    indent(depth);
    if (!o.otherwise().ops().isEmpty()) {
      out.append("} else {\n");
      block(o.otherwise(), depth + 1);
      indent(depth);
    }
    out.append("}\n");
  }
}
