package dev.kgen.codegen.jvm;

import dev.kgen.ir.Block;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Op;
import dev.kgen.ir.Param;
import dev.kgen.ir.Value;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Java identifiers for a kernel's values, assigned in the IR printer's order so the generated
 * code reads like the printed IR: {@code %Q} becomes {@code Q}, {@code %M.1} {@code M_1} and the
 * unnamed {@code %42} {@code v42}. Names the generated code uses itself (loop variables,
 * program ids, java.lang classes) are reserved first, so a DSL name never shadows them.
 */
final class JavaNames {
  /** Identifiers of the generated code's own; DSL names that collide get a suffix. */
  static final List<String> RESERVED = List.of("i", "i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "k", "off",
      "tiles", "pid0", "pid1", "pid2", "grid0", "grid1", "grid2", "first", "end", "args", "linear", "Math",
      "Float", "Double", "Integer", "Long", "System", "Arrays", "ByteBuffer", "Number", "Object", "String",
      "JvmIntrinsics", "JvmDot", "Tiles", "scratch", "KERNEL");

  private final Map<Value, String> java = new IdentityHashMap<>();
  private final Map<Value, String> ir = new IdentityHashMap<>();
  private final Set<String> irTaken = new HashSet<>();
  private final Set<String> javaTaken = reserved();

  private static Set<String> reserved() {
    Set<String> s = new HashSet<>(RESERVED);
    s.addAll(RowLoad.LOCALS);
    return s;
  }
  private int unnamed;

  private JavaNames() {}

  static JavaNames of(Kernel k) {
    JavaNames n = new JavaNames();
    for (Param p : k.params()) {
      n.define(p.value());
    }
    n.block(k.body());
    return n;
  }

  /** The Java identifier of a value. */
  String of(Value v) {
    String s = java.get(v);
    if (s == null) {
      throw new IllegalStateException("value " + v + " has no Java name");
    }
    return s;
  }

  /** The value's name in the printed IR, e.g. {@code %M.1}. */
  String ir(Value v) {
    return "%" + ir.getOrDefault(v, "<undefined " + v.id() + ">");
  }

  /** A fresh identifier based on {@code suggestion}, for helper locals and arrays. */
  String fresh(String suggestion) {
    String base = suggestion;
    String n = base;
    for (int i = 1; javaTaken.contains(n) || !SourceVersion.isName(n); i++) {
      n = base + "_" + i;
    }
    javaTaken.add(n);
    return n;
  }

  private void block(Block b) {
    for (Op op : b.ops()) {
      if (op instanceof Op.For f) {
        f.results().forEach(this::define);
        define(f.iv());
        f.carried().forEach(this::define);
        block(f.body());
      } else if (op instanceof Op.If i) {
        i.results().forEach(this::define);
        block(i.then());
        block(i.otherwise());
      } else {
        op.results().forEach(this::define);
      }
    }
  }

  /** Mirrors IrPrinter.define: the author's name, suffixed .1, .2 when reused, else a number. */
  private void define(Value v) {
    if (ir.containsKey(v)) {
      return;
    }
    String n;
    if (v.name() == null) {
      n = Integer.toString(unnamed++);
      while (irTaken.contains(n)) {
        n = Integer.toString(unnamed++);
      }
    } else {
      n = v.name();
      for (int i = 1; irTaken.contains(n); i++) {
        n = v.name() + "." + i;
      }
    }
    irTaken.add(n);
    ir.put(v, n);
    java.put(v, fresh(v.name() == null ? "v" + n : n.replace('.', '_')));
  }
}
