package dev.kgen.runtime.jvm;

import dev.kgen.errors.KgenUserException;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Param;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks launch arguments against a kernel's parameters and converts them to what the generated
 * dispatcher takes: a little-endian view of each buffer (the caller's position, limit and byte
 * order are left alone) and each scalar as its Number.
 */
final class JvmArguments {
  private final Kernel kernel;
  private final PointerUses uses;

  JvmArguments(Kernel kernel) {
    this.kernel = kernel;
    this.uses = PointerUses.of(kernel);
  }

  Object[] prepare(List<?> args) {
    List<Param> params = kernel.params();
    if (args == null || args.size() != params.size()) {
      throw error("expected " + params.size() + " arguments ("
          + params.stream().map(Param::name).collect(Collectors.joining(", ")) + "), got "
          + (args == null ? "null" : Integer.toString(args.size())));
    }
    Object[] out = new Object[params.size()];
    for (int i = 0; i < params.size(); i++) {
      Param p = params.get(i);
      Object a = args.get(i);
      String which = "argument " + i + " (" + p.name() + ": " + p.value().type() + ")";
      if (p.isPointer()) {
        out[i] = buffer(p, a, which);
      } else if (a instanceof Number) {
        out[i] = a;
      } else {
        throw error(which + " must be a Number, got " + describe(a));
      }
    }
    return out;
  }

  private ByteBuffer buffer(Param p, Object a, String which) {
    boolean loads = uses.loaded().contains(p.name());
    boolean stores = uses.stored().contains(p.name());
    if (a == null) {
      if (loads || stores) {
        throw error(which + " is null, but the kernel " + (stores ? "stores" : "loads") + " through it; pass a "
            + "ByteBuffer (null is only for pointers the kernel never touches)");
      }
      return null;
    }
    if (!(a instanceof ByteBuffer b)) {
      throw error(which + " must be a java.nio.ByteBuffer, got " + describe(a));
    }
    if (stores && b.isReadOnly()) {
      throw error(which + " is a read-only ByteBuffer, but the kernel stores through it");
    }
    return b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static String describe(Object a) {
    return a == null ? "null" : a.getClass().getSimpleName();
  }

  private KgenUserException error(String message) {
    return new KgenUserException(kernel.name() + ": " + message);
  }
}
