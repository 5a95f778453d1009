package dev.kgen.runtime.jvm;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kgen.interp.Interpreter;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Param;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Runs a kernel on the interpreter and on the JVM backend over copies of the same arguments. */
final class InterpreterParity {
  private InterpreterParity() {}

  /** Copies of the arguments: fresh buffers with the same bytes, the same scalars. */
  static List<Object> copy(List<?> args) {
    List<Object> out = new ArrayList<>();
    for (Object a : args) {
      out.add(a instanceof ByteBuffer b ? Buffers.copy(b) : a);
    }
    return out;
  }

  /**
   * Runs both and asserts every buffer ends bit-identical; returns the JVM backend's
   * arguments so callers can inspect outputs. {@code context} goes into failure messages
   * (it should carry the random seed).
   */
  static List<Object> assertSameResults(Kernel kernel, JvmKernel jvm, int[] grid, List<?> args, JvmLaunchOptions options,
      String context) {
    List<Object> expected = copy(args);
    List<Object> actual = copy(args);
    new Interpreter(kernel).run(grid, expected);
    jvm.launch(grid, actual, options);
    List<Param> params = kernel.params();
    for (int i = 0; i < params.size(); i++) {
      if (expected.get(i) instanceof ByteBuffer e) {
        String diff = Buffers.firstDifference(params.get(i).dtype(), e, (ByteBuffer) actual.get(i));
        if (diff != null) {
          fail(kernel.name() + " " + params.get(i).name() + " differs from the interpreter at " + diff + " [" + context
              + ", " + jvm.source().qualifiedName() + "]");
        }
      }
    }
    return actual;
  }
}
