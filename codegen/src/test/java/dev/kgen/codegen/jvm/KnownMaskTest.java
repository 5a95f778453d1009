package dev.kgen.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.jvm.Elem.Dense;
import dev.kgen.codegen.jvm.Elem.Iota;
import dev.kgen.codegen.jvm.Elem.Uniform;
import dev.kgen.ir.BinaryOp;
import dev.kgen.ir.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Masks decided at code-generation time: only where every element agrees. */
class KnownMaskTest {
  private static final Shape ROW = Shape.of(1, 32);
  private static final Elem OFFS = new Iota(0, 1); // arange(0, 32)[None, :]

  private static Elem constant(int v) {
    return new Uniform(JavaType.INT.literal(v), null);
  }

  private static String text(Elem e) {
    return e == null ? null : e.at(Index.scalar()).toString();
  }

  @Test
  void aComparisonEveryElementPassesOrFails() {
    assertEquals("true", text(KnownMask.fold(BinaryOp.LT, OFFS, constant(32), ROW)));
    assertEquals("true", text(KnownMask.fold(BinaryOp.LE, OFFS, constant(31), ROW)));
    assertEquals("false", text(KnownMask.fold(BinaryOp.GE, OFFS, constant(32), ROW)));
    assertEquals("true", text(KnownMask.fold(BinaryOp.GT, constant(40), OFFS, ROW)));
    assertEquals("false", text(KnownMask.fold(BinaryOp.LT, new Iota(8, 1), constant(8), ROW)));
  }

  @Test
  void aComparisonSomeElementsFailIsLeftToRunTime() {
    assertNull(KnownMask.fold(BinaryOp.LT, OFFS, constant(31), ROW));
    assertNull(KnownMask.fold(BinaryOp.LT, OFFS, new Uniform(Expr.atom(JavaType.INT, "n"), null), ROW));
    assertNull(KnownMask.fold(BinaryOp.EQ, OFFS, constant(99), ROW));
  }

  @Test
  void andAndOrWithAKnownMask() {
    Elem runtime = new Dense("m", JavaType.BOOLEAN, List.of(0, 1));
    Elem yes = KnownMask.fold(BinaryOp.LT, OFFS, constant(32), ROW);
    Elem no = KnownMask.fold(BinaryOp.GE, OFFS, constant(32), ROW);
    assertSame(runtime, KnownMask.fold(BinaryOp.AND, yes, runtime, ROW));
    assertSame(runtime, KnownMask.fold(BinaryOp.AND, runtime, yes, ROW));
    assertEquals("false", text(KnownMask.fold(BinaryOp.AND, runtime, no, ROW)));
    assertEquals("true", text(KnownMask.fold(BinaryOp.OR, runtime, yes, ROW)));
    assertSame(runtime, KnownMask.fold(BinaryOp.OR, no, runtime, ROW));
    assertNull(KnownMask.fold(BinaryOp.AND, runtime, runtime, ROW));
    assertTrue(KnownMask.allTrue(yes));
    assertFalse(KnownMask.allTrue(runtime));
  }
}
