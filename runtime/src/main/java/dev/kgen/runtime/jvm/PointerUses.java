package dev.kgen.runtime.jvm;

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

/**
 * Which pointer parameters a kernel loads through and which it stores through, found by
 * following every pointer value back to its parameter (through addptr, views, loop-carried
 * values and branch results).
 */
record PointerUses(Set<String> loaded, Set<String> stored) {
  static PointerUses of(Kernel k) {
    Map<Value, Param> root = new IdentityHashMap<>();
    for (Param p : k.params()) {
      if (p.isPointer()) {
        root.put(p.value(), p);
      }
    }
    Set<String> loaded = new HashSet<>();
    Set<String> stored = new HashSet<>();
    scan(k.body(), root, loaded, stored);
    return new PointerUses(Set.copyOf(loaded), Set.copyOf(stored));
  }

  private static void scan(Block b, Map<Value, Param> root, Set<String> loaded, Set<String> stored) {
    for (Op op : b.ops()) {
      if (op instanceof Op.AddPtr a) {
        follow(root, a.result(), a.ptr());
      } else if (op instanceof Op.Broadcast v) {
        follow(root, v.result(), v.x());
      } else if (op instanceof Op.ExpandDims v) {
        follow(root, v.result(), v.x());
      } else if (op instanceof Op.Load l && root.containsKey(l.ptr())) {
        loaded.add(root.get(l.ptr()).name());
      } else if (op instanceof Op.Store s && root.containsKey(s.ptr())) {
        stored.add(root.get(s.ptr()).name());
      } else if (op instanceof Op.AtomicAdd a && root.containsKey(a.ptr())) {
        loaded.add(root.get(a.ptr()).name());
        stored.add(root.get(a.ptr()).name());
      } else if (op instanceof Op.For f) {
        for (int i = 0; i < f.inits().size(); i++) {
          follow(root, f.carried().get(i), f.inits().get(i));
          follow(root, f.results().get(i), f.inits().get(i));
        }
        scan(f.body(), root, loaded, stored);
      } else if (op instanceof Op.If i) {
        scan(i.then(), root, loaded, stored);
        scan(i.otherwise(), root, loaded, stored);
        yieldRoots(i.then(), i.results(), root);
        yieldRoots(i.otherwise(), i.results(), root);
      }
    }
  }

  private static void yieldRoots(Block b, List<Value> results, Map<Value, Param> root) {
    if (!b.ops().isEmpty() && b.ops().get(b.ops().size() - 1) instanceof Op.Yield y) {
      for (int i = 0; i < results.size(); i++) {
        follow(root, results.get(i), y.values().get(i));
      }
    }
  }

  private static void follow(Map<Value, Param> root, Value to, Value from) {
    Param p = root.get(from);
    if (p != null) {
      root.putIfAbsent(to, p);
    }
  }
}
