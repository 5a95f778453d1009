package dev.kgen.ir.passes;

import dev.kgen.ir.Block;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Op;
import dev.kgen.ir.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Specializes a kernel on the values of some of its scalar parameters, as a JIT does on the
 * arguments of a call: each bound parameter leaves the parameter list and its value becomes a
 * constant ({@link Op.Full}) at the top of the body, so the generators fold it like any other
 * constant (a stride of 1 proves a run consecutive, a product by a stride becomes a shift). The
 * kernel's printed IR, and so its content hash and compile cache key, carry the values.
 */
public final class ScalarBinding implements Pass {
  /** Integers beyond this are not kept exactly by the double of an {@link Op.Full}. */
  private static final long EXACT = 1L << 53;
  private final Map<String, Number> values;

  public ScalarBinding(Map<String, ? extends Number> values) {
    this.values = new TreeMap<>(values);
  }

  @Override
  public String name() {
    return "ScalarBinding";
  }

  @Override
  public Kernel apply(Kernel k) {
    Map<String, Number> left = new TreeMap<>(values);
    List<Op> constants = new ArrayList<>();
    List<Param> kept = new ArrayList<>();
    for (Param p : k.params()) {
      Number v = left.remove(p.name());
      if (v == null) {
        kept.add(p);
        continue;
      }
      if (p.isPointer() || p.value().shape().rank() != 0) {
        throw new IllegalArgumentException("kernel " + k.name() + ": parameter '" + p.name()
            + "' is not a scalar and cannot be bound to a value");
      }
      constants.add(new Op.Full(p.value(), exact(k, p, v)));
    }
    if (!left.isEmpty()) {
      List<String> scalars = k.params().stream().filter(p -> !p.isPointer()).map(Param::name).toList();
      throw new IllegalArgumentException("kernel " + k.name() + " has no scalar parameter " + String.join(", ", left.keySet())
          + "; scalar parameters: " + String.join(", ", scalars));
    }
    List<Op> body = new ArrayList<>(constants);
    body.addAll(k.body().ops());
    Kernel.Builder out = Kernel.builder(k.name()).body(new Block(body)).nextValueId(k.nextValueId());
    kept.forEach(out::addParam);
    k.constexprs().forEach(out::constexpr);
    return out.build();
  }

  /** {@code v} as the double of a constant of {@code p}'s dtype, refused where that would change it. */
  private static double exact(Kernel k, Param p, Number v) {
    DType d = p.dtype();
    if (d.isFloat()) {
      return d.convert(v.doubleValue());
    }
    long n = v.longValue();
    if (v.doubleValue() != n || Math.abs(n) > EXACT || d.convert(n) != n) {
      throw new IllegalArgumentException("kernel " + k.name() + ": parameter '" + p.name() + "' cannot be bound to " + v
          + "; expected an integer that " + d.irName() + " holds exactly, at most 2^53 in magnitude");
    }
    return n;
  }
}
