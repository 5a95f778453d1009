package dev.kgen.codegen.jvm;

import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A one-line rendering of an op in the printed IR's words and names, e.g.
 * {@code %S = select %104, %107, %108 : fp32[16, 16]}, written as a comment above the Java
 * that implements it.
 */
final class IrText {
  private IrText() {}

  static String of(Op op, JavaNames names) {
    String verb = verb(op);
    List<String> operands = new ArrayList<>();
    for (Value v : op.operands()) {
      operands.add(names.ir(v));
    }
    String args = String.join(", ", operands) + suffix(op);
    if (op.results().size() == 1 && !(op instanceof Op.For) && !(op instanceof Op.If)) {
      Value r = op.results().get(0);
      return names.ir(r) + " = " + verb + (args.isEmpty() ? "" : " " + args) + " : " + r.type();
    }
    String results = op.results().stream().map(names::ir).collect(Collectors.joining(", "));
    return (results.isEmpty() ? "" : results + " = ") + verb + (args.isEmpty() ? "" : " " + args);
  }

  private static String suffix(Op op) {
    if (op instanceof Op.Reduce r) {
      return ", axis " + r.axis();
    }
    if (op instanceof Op.ExpandDims e) {
      return ", axis " + e.axis();
    }
    return "";
  }

  private static String verb(Op op) {
    if (op instanceof Op.Unary u) {
      return u.op().irName();
    }
    if (op instanceof Op.Binary b) {
      return b.op().irName();
    }
    if (op instanceof Op.Reduce r) {
      return "reduce_" + r.op().irName();
    }
    if (op instanceof Op.Arange a) {
      return "arange " + a.start() + ", " + a.end();
    }
    String simple = op.getClass().getSimpleName();
    return switch (simple) {
      case "AddPtr" -> "addptr";
      case "ExpandDims" -> "expand_dims";
      case "ProgramId" -> "program_id";
      case "NumPrograms" -> "num_programs";
      default -> simple.toLowerCase();
    };
  }
}
