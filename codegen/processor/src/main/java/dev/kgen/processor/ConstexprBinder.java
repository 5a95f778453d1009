package dev.kgen.processor;

import dev.kgen.dsl.ConstexprDecl;
import dev.kgen.dsl.KernelDef;
import dev.kgen.ir.DType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a specialization's {@code NAME=value} strings against the constexprs the kernel
 * declares: each name must be declared and bound once, each value must be of the declared
 * kind, and every constexpr without a default must be bound.
 */
final class ConstexprBinder {
  private ConstexprBinder() {}

  /** The binding in the kernel's declaration order, defaults left to the kernel. */
  static Map<String, Object> bind(KernelDef def, String where, String[] entries) {
    Map<String, ConstexprDecl> declared = new LinkedHashMap<>();
    for (ConstexprDecl d : def.constexprs()) {
      declared.put(d.name(), d);
    }
    Map<String, Object> given = new LinkedHashMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new DeclarationException(where + ": \"" + entry + "\" is not NAME=value; write e.g. \""
            + declared.keySet().stream().findFirst().orElse("NAME") + "=...\"");
      }
      String name = entry.substring(0, eq).trim();
      String value = entry.substring(eq + 1).trim();
      ConstexprDecl d = declared.get(name);
      if (d == null) {
        throw new DeclarationException(where + ": kernel " + def.name() + " has no constexpr '" + name + "'; it declares "
            + String.join(", ", declared.keySet()));
      }
      if (given.containsKey(name)) {
        throw new DeclarationException(where + ": constexpr " + name + " is bound twice; bind each once");
      }
      given.put(name, parse(where, d, value));
    }
    List<String> missing = new ArrayList<>();
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (ConstexprDecl d : declared.values()) {
      if (given.containsKey(d.name())) {
        ordered.put(d.name(), given.get(d.name()));
      } else if (d.defaultValue() == null) {
        missing.add(d.name());
      }
    }
    if (!missing.isEmpty()) {
      throw new DeclarationException(where + ": constexpr" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
          + (missing.size() > 1 ? " are" : " is") + " not bound; add \"" + missing.get(0) + "=...\" to constexprs");
    }
    return ordered;
  }

  private static Object parse(String where, ConstexprDecl d, String value) {
    switch (d.kind()) {
      case INT:
        try {
          return Integer.parseInt(value);
        } catch (NumberFormatException e) {
          throw new DeclarationException(where + ": " + d.name() + " is an int constexpr; '" + value
              + "' is not a 32-bit integer (write e.g. " + d.name() + "=16)");
        }
      case BOOL:
        if (value.equals("true") || value.equals("false")) {
          return Boolean.parseBoolean(value);
        }
        throw new DeclarationException(where + ": " + d.name() + " is a bool constexpr; '" + value
            + "' is neither true nor false");
      default:
        try {
          return DType.fromIrName(value);
        } catch (IllegalArgumentException e) {
          throw new DeclarationException(where + ": " + d.name() + " is a dtype constexpr; " + e.getMessage());
        }
    }
  }
}
