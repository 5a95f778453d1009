package dev.kgen.processor;

import dev.kgen.ir.Block;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Op;
import dev.kgen.ir.Param;
import dev.kgen.ir.Value;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a specialized kernel does with each parameter. Constexprs fold away whole features
 * (sinks off, no ALiBi, a cache that is not fp8), so a parameter may be left unread: the
 * launcher then does not take it. A pointer is classified by following every value derived from
 * it (offsets, broadcasts, loop-carried and branch values) to the loads and stores that use it.
 */
final class ParamUsage {
  /** How a parameter is used. */
  enum Access {
    UNUSED("unused"),
    READ("read"),
    WRITTEN("written"),
    READ_WRITTEN("read and written"),
    /** A scalar the kernel uses. */
    USED("used");

    private final String text;

    Access(String text) {
      this.text = text;
    }

    boolean used() {
      return this != UNUSED;
    }

    Access plus(Access other) {
      if (this == UNUSED || this == other) {
        return other;
      }
      if (other == UNUSED) {
        return this;
      }
      return READ_WRITTEN;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private final Map<String, Access> byName;

  private ParamUsage(Map<String, Access> byName) {
    this.byName = Map.copyOf(byName);
  }

  Access of(Param p) {
    return byName.get(p.name());
  }

  static ParamUsage of(Kernel k) {
    Map<Value, Param> root = new IdentityHashMap<>();
    Map<String, Access> access = new HashMap<>();
    for (Param p : k.params()) {
      root.put(p.value(), p);
      access.put(p.name(), Access.UNUSED);
    }
    // derived pointers may flow backwards through loop-carried values: repeat until nothing new
    int before;
    do {
      before = root.size();
      derive(k.body(), root);
    } while (root.size() != before);
    record(k.body(), root, access);
    return new ParamUsage(access);
  }

  private static void derive(Block b, Map<Value, Param> root) {
    for (Op op : b.ops()) {
      if (op instanceof Op.AddPtr a) {
        follow(root, a.ptr(), a.result());
      } else if (op instanceof Op.Broadcast v) {
        follow(root, v.x(), v.result());
      } else if (op instanceof Op.ExpandDims v) {
        follow(root, v.x(), v.result());
      } else if (op instanceof Op.For f) {
        for (int i = 0; i < f.inits().size(); i++) {
          follow(root, f.inits().get(i), f.carried().get(i));
          follow(root, f.inits().get(i), f.results().get(i));
        }
        yielded(f.body(), f.carried(), root);
        yielded(f.body(), f.results(), root);
      } else if (op instanceof Op.If i) {
        yielded(i.then(), i.results(), root);
        yielded(i.otherwise(), i.results(), root);
      }
      for (Block inner : op.blocks()) {
        derive(inner, root);
      }
    }
  }

  private static void yielded(Block b, List<Value> targets, Map<Value, Param> root) {
    if (!b.ops().isEmpty() && b.ops().get(b.ops().size() - 1) instanceof Op.Yield y) {
      for (int i = 0; i < targets.size() && i < y.values().size(); i++) {
        follow(root, y.values().get(i), targets.get(i));
      }
    }
  }

  private static void follow(Map<Value, Param> root, Value from, Value to) {
    Param p = root.get(from);
    if (p != null) {
      root.putIfAbsent(to, p);
    }
  }

  /** Whether {@code op} only passes the pointer {@code v} on to a value {@link #derive} follows. */
  private static boolean derivesFrom(Op op, Value v) {
    return (op instanceof Op.AddPtr a && a.ptr() == v)
        || op instanceof Op.Broadcast
        || op instanceof Op.ExpandDims
        || op instanceof Op.Yield
        || (op instanceof Op.For f && f.inits().contains(v));
  }

  private static void record(Block b, Map<Value, Param> root, Map<String, Access> access) {
    for (Op op : b.ops()) {
      for (Value v : op.operands()) {
        Param p = root.get(v);
        if (p == null) {
          continue;
        }
        Access a;
        if (!p.isPointer()) {
          if (derivesFrom(op, v)) {
            continue; // a broadcast or carried copy of the scalar: its own use is recorded
          }
          a = Access.USED;
        } else if (op instanceof Op.Load l && l.ptr() == v) {
          a = Access.READ;
        } else if (op instanceof Op.Store s && s.ptr() == v) {
          a = Access.WRITTEN;
        } else if (derivesFrom(op, v)) {
          continue; // only derives another pointer, whose own use is recorded
        } else {
          a = Access.READ_WRITTEN; // an unusual use: assume the worst
        }
        access.merge(p.name(), a, Access::plus);
      }
      for (Block inner : op.blocks()) {
        record(inner, root, access);
      }
    }
  }
}
