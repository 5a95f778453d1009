package dev.kgen.ir.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import dev.kgen.interp.Interpreter;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Param;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A bound scalar leaves the parameter list and the kernel computes what it did with that argument. */
class ScalarBindingTest {
  /** {@code out[i] = x[i * stride] * scale} for 16 elements. */
  private static final Kernel STRIDED = KernelDef.builder("strided").body(k -> {
    Tile out = k.pointer("out", DType.F32);
    Tile x = k.pointer("x", DType.F32);
    Tile stride = k.scalar("stride", DType.I64);
    Tile scale = k.scalar("scale", DType.F32);
    Tile i = k.arange(0, 16);
    k.store(out.add(i), k.load(x.add(i.to(DType.I64).mul(stride))).mul(scale));
  }).build().specialize(Map.of());

  @Test
  void boundScalarsLeaveTheParameterList() {
    Kernel bound = new ScalarBinding(Map.of("stride", 3)).apply(STRIDED);
    assertEquals(List.of("out", "x", "scale"), bound.params().stream().map(Param::name).toList());
    assertNotEquals(STRIDED.contentHash(), bound.contentHash());
    assertNotEquals(bound.contentHash(), new ScalarBinding(Map.of("stride", 2)).apply(STRIDED).contentHash());
  }

  @Test
  void aBoundKernelComputesWhatTheArgumentsDid() {
    Random r = new Random();
    int stride = 1 + r.nextInt(4);
    float scale = r.nextFloat() * 4 - 2;
    ByteBuffer x = ByteBuffer.allocate(16 * stride * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 16 * stride; i++) {
      x.putFloat(i * 4, r.nextFloat());
    }
    float[] expected = run(STRIDED, x, List.of((long) stride, scale));
    Kernel bound = new ScalarBinding(Map.of("stride", stride, "scale", scale)).apply(STRIDED);
    IrVerifier.verify(bound, "test");
    assertArrayEquals(expected, run(bound, x, List.of()));
  }

  private static float[] run(Kernel k, ByteBuffer x, List<Object> scalars) {
    ByteBuffer out = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 16; i++) {
      out.putFloat(i * 4, Float.NaN);
    }
    List<Object> args = new java.util.ArrayList<>(List.of(out, x));
    args.addAll(scalars);
    new Interpreter(k, false).run(new int[] {1}, args);
    float[] f = new float[16];
    out.asFloatBuffer().get(f);
    return f;
  }

  @Test
  void unknownNamesArePinned() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ScalarBinding(Map.of("strides", 1)).apply(STRIDED));
    assertEquals("kernel strided has no scalar parameter strides; scalar parameters: stride, scale", e.getMessage());
  }

  @Test
  void pointersCannotBeBound() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ScalarBinding(Map.of("x", 1)).apply(STRIDED));
    assertEquals("kernel strided: parameter 'x' is not a scalar and cannot be bound to a value", e.getMessage());
  }

  @Test
  void inexactIntegersAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ScalarBinding(Map.of("stride", 1.5)).apply(STRIDED));
    assertEquals("kernel strided: parameter 'stride' cannot be bound to 1.5; expected an integer that i64 holds exactly, "
        + "at most 2^53 in magnitude", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ScalarBinding(Map.of("stride", (1L << 53) + 1)).apply(STRIDED));
  }
}
