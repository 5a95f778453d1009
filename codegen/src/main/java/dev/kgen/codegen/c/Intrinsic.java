package dev.kgen.codegen.c;

import java.util.List;

/** How a dialect spells one operation: a function call, an infix operator or a prefix operator. */
public sealed interface Intrinsic {
  /** The C expression applying this operation to already-formed operand expressions. */
  String apply(List<String> args);

  /** {@code name(a, b, ...)}. */
  record Call(String name) implements Intrinsic {
    public String apply(List<String> args) {
      return name + "(" + String.join(", ", args) + ")";
    }
  }

  /** {@code a op b}. */
  record Infix(String op) implements Intrinsic {
    public String apply(List<String> args) {
      if (args.size() != 2) {
        throw new IllegalArgumentException("infix " + op + " takes 2 operands, got " + args);
      }
      return args.get(0) + " " + op + " " + args.get(1);
    }
  }

  /** {@code op a}. */
  record Prefix(String op) implements Intrinsic {
    public String apply(List<String> args) {
      if (args.size() != 1) {
        throw new IllegalArgumentException("prefix " + op + " takes 1 operand, got " + args);
      }
      String a = args.get(0);
      return op + (a.matches("[A-Za-z_][A-Za-z0-9_]*(\\[[A-Za-z0-9_]+\\])?") ? a : "(" + a + ")");
    }
  }

  /**
   * A C expression pattern in which {@code $0}, {@code $1}, ... stand for the operands, e.g.
   * {@code ($0 > $1 ? $0 : $1)}; operands are variables or literals, so repeating them is free.
   */
  record Template(String pattern) implements Intrinsic {
    public String apply(List<String> args) {
      String out = pattern;
      for (int i = args.size() - 1; i >= 0; i--) {
        out = out.replace("$" + i, args.get(i));
      }
      if (out.matches("(?s).*\\$[0-9].*")) {
        throw new IllegalArgumentException("template " + pattern + " needs more than " + args.size() + " operands");
      }
      return out;
    }
  }

  static Intrinsic template(String pattern) {
    return new Template(pattern);
  }

  static Intrinsic call(String name) {
    return new Call(name);
  }

  static Intrinsic infix(String op) {
    return new Infix(op);
  }

  static Intrinsic prefix(String op) {
    return new Prefix(op);
  }
}
