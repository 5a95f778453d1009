package dev.kgen.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.ir.DType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every DSL misuse is reported when the op is built, with a pinned message and the kernel line. */
class DslMisuseTest {
  private static String failure(KernelBody body) {
    KernelDef def = KernelDef.builder("bad").body(body).build();
    DslException e = assertThrows(DslException.class, () -> def.specialize(Map.of()));
    return e.getMessage();
  }

  private static void assertMessage(String expected, String actual) {
    assertTrue(actual.startsWith(expected + " (at DslMisuseTest.java:"), () -> "message was: " + actual);
    assertTrue(actual.matches(".* \\(at DslMisuseTest\\.java:\\d+\\)"), () -> "no kernel line in: " + actual);
  }

  @Test
  void broadcastShapeMismatchNamesBothShapes() {
    String m = failure(k -> k.arange(0, 16).col().add(k.arange(0, 32).row().broadcastTo(4, 32).sum(0).col()));
    assertMessage("add: cannot broadcast shapes [16, 1] and [32, 1]: dimension 0 is 16 vs 32; each dimension must "
        + "match or be 1 (use col()/row() to add axes)", m);
  }

  @Test
  void transOfARowIsRefused() {
    String m = failure(k -> k.arange(0, 16).trans());
    assertMessage("trans: expected a 2-D tile, got i32[16]", m);
  }

  @Test
  void transOfPointersIsRefused() {
    String m = failure(k -> k.pointer("p", DType.F32).add(k.zeros(new int[] {4, 8}, DType.I32)).trans());
    assertMessage("trans: ptr<fp32>[4, 8] is a tile of pointers; transpose the offsets before adding them", m);
  }

  @Test
  void dotWithWrongInnerSize() {
    String m = failure(k -> k.dot(k.zeros(new int[] {16, 128}, DType.F16), k.zeros(new int[] {64, 16}, DType.F16)));
    assertMessage("dot: inner dimensions differ: a is fp16[16, 128] and b is fp16[64, 16]; a's columns must equal b's rows", m);
  }

  @Test
  void dotWithMixedDtypes() {
    String m = failure(k -> k.dot(k.zeros(new int[] {16, 16}, DType.F16), k.zeros(new int[] {16, 16}, DType.BF16)));
    assertMessage("dot: operand dtypes differ: fp16[16, 16] and bf16[16, 16]; cast one with .to()", m);
  }

  @Test
  void nonPowerOfTwoArange() {
    assertMessage("arange(0, 48): the range must be a power of two; use 64 and mask offs < 48", failure(k -> k.arange(0, 48)));
  }

  @Test
  void unboundConstexpr() {
    KernelDef def = KernelDef.builder("needs_head").constexprInt("HEAD_SIZE").constexprBool("USE_SINKS")
        .body(k -> k.arange(0, k.constInt("HEAD_SIZE"))).build();
    DslException e = assertThrows(DslException.class, () -> def.specialize(Map.of()));
    assertTrue(e.getMessage().startsWith(
        "kernel needs_head: unbound constexpr HEAD_SIZE, USE_SINKS; bind a value for each in the specialization map"), e.getMessage());
  }

  @Test
  void unknownConstexprInTheMap() {
    KernelDef def = KernelDef.builder("one").constexprInt("N").body(k -> k.arange(0, k.constInt("N"))).build();
    DslException e = assertThrows(DslException.class, () -> def.specialize(Map.of("N", 16, "M", 2)));
    assertTrue(e.getMessage().startsWith("kernel one has no constexpr 'M'; declared: N"), e.getMessage());
  }

  @Test
  void constexprOfTheWrongKind() {
    KernelDef def = KernelDef.builder("one").constexprInt("N").body(k -> k.arange(0, k.constInt("N"))).build();
    DslException e = assertThrows(DslException.class, () -> def.specialize(Map.of("N", true)));
    assertTrue(e.getMessage().startsWith("constexpr N expects int, got Boolean true"), e.getMessage());
  }

  @Test
  void undeclaredConstexprRead() {
    assertMessage("kernel bad reads constexpr 'BLOCK', which it does not declare; declared: ",
        failure(k -> k.constInt("BLOCK")));
  }

  @Test
  void loopCarriedTypeChange() {
    String m = failure(k -> {
      Tile n = k.scalar("n", DType.I32);
      k.forRange(0, n, List.of(k.zeros(new int[] {16}, DType.F32)), (j, c) -> List.of(c.get(0).to(DType.BF16)));
    });
    assertMessage("forRange: carried value 0 changes from fp32[16] to bf16[16] inside the loop; cast or broadcast it to fp32[16]", m);
  }

  @Test
  void fp8ArithmeticNeedsACast() {
    String m = failure(k -> k.load(k.pointer("p", DType.FP8E4M3)).mul(2.0));
    assertMessage("mul: fp8 operands (fp8e4m3, fp8e4m3) do not take part in arithmetic; cast with .to(fp32) first", m);
  }

  @Test
  void loadNeedsAPointer() {
    assertMessage("load: expected a pointer tile, got i32[16]", failure(k -> k.load(k.arange(0, 16))));
  }

  @Test
  void atomicAddNeedsAScalarPointerToI32() {
    assertMessage("atomic_add: expected a scalar pointer to i32, got ptr<fp32>",
        failure(k -> k.atomicAdd(k.pointer("p", DType.F32), 1)));
    assertMessage("atomic_add: expected a scalar pointer to i32, got ptr<i32>[16]",
        failure(k -> k.atomicAdd(k.pointer("p", DType.I32).add(k.arange(0, 16)), 1)));
  }

  @Test
  void atomicAddTakesAnI32Scalar() {
    assertMessage("atomic_add: the value must be an i32 scalar, got i32[16]",
        failure(k -> k.atomicAddRelaxed(k.pointer("p", DType.I32), k.arange(0, 16))));
  }

  @Test
  void maskMustBeBoolean() {
    String m = failure(k -> {
      Tile p = k.pointer("p", DType.F32);
      k.load(p.add(k.arange(0, 16)), k.arange(0, 16));
    });
    assertMessage("load: the mask must be an i1 tile (a comparison), got i32[16]", m);
  }

  @Test
  void reduceAxisOutOfRange() {
    assertMessage("sum(axis=1): axis out of range for fp32[16]; expected 0..0",
        failure(k -> k.zeros(new int[] {16}, DType.F32).sum(1)));
  }

  @Test
  void branchOnATileIsRejected() {
    String m = failure(k -> k.ifThen(k.arange(0, 16).lt(3), k::ret));
    assertMessage("ifThen: the condition must be an i1 scalar (a comparison of scalars), got i1[16]; for tiles use where(), "
        + "for constexprs a Java if", m);
  }

  @Test
  void pointerArithmeticNeedsIntegers() {
    String m = failure(k -> k.pointer("p", DType.F32).add(k.zeros(new int[] {4}, DType.F32)));
    assertMessage("add: pointer offsets must be i32 or i64, got fp32[4] for ptr<fp32>", m);
  }

  @Test
  void errorPointsAtTheUsersLine() {
    String m = failure(k -> k.arange(0, 3));
    assertEquals(" (at DslMisuseTest.java:" + (Thread.currentThread().getStackTrace()[1].getLineNumber() - 1) + ")",
        m.substring(m.indexOf(" (at ")));
  }
}
