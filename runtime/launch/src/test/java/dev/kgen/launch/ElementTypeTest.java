package dev.kgen.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kgen.ir.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ElementTypeTest {
  private static final ElementType[] SMALL = {ElementType.FP16, ElementType.BF16, ElementType.FP8E4M3, ElementType.FP8E5M2};

  private static DType dsl(ElementType t) {
    return DType.fromIrName(t.irName());
  }

  @Test
  void namesAndSizesMatchTheIr() {
    for (ElementType t : ElementType.values()) {
      assertEquals(dsl(t).bytes(), t.bytes(), t.irName());
      assertEquals(t, ElementType.fromIrName(t.irName()));
    }
  }

  @Test
  void decodesEveryBitPatternLikeTheDsl() {
    for (ElementType t : SMALL) {
      int patterns = 1 << (8 * t.bytes());
      ByteBuffer b = t.allocate(patterns);
      for (int bits = 0; bits < patterns; bits++) {
        if (t.bytes() == 1) {
          b.put(bits, (byte) bits);
        } else {
          b.putShort(bits * 2, (short) bits);
        }
      }
      for (int i = 0; i < patterns; i++) {
        double expected = dsl(t).read(b, i);
        double actual = t.read(b, i);
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual), t + " bits " + i);
      }
    }
  }

  @Test
  void encodesLikeTheDslIncludingTiesOverflowAndSubnormals() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (ElementType t : SMALL) {
      ByteBuffer mine = t.allocate(1);
      ByteBuffer theirs = t.allocate(1);
      for (int i = 0; i < 200_000; i++) {
        double v = switch (i % 4) {
          case 0 -> rnd.nextGaussian() * 3;
          case 1 -> Math.scalb(rnd.nextDouble(), rnd.nextInt(-30, 20)) * (rnd.nextBoolean() ? 1 : -1);
          case 2 -> Math.scalb((double) rnd.nextInt(1, 1 << 12) + 0.5, rnd.nextInt(-24, 8)); // ties
          default -> dsl(t).format().decode(rnd.nextInt(1 << (8 * t.bytes()))) * (1 + Math.ulp(1.0) * rnd.nextInt(-3, 4));
        };
        t.write(mine, 0, v);
        dsl(t).write(theirs, 0, v);
        assertEquals(theirs.get(0), mine.get(0), t + " low byte of " + v);
        if (t.bytes() == 2) {
          assertEquals(theirs.get(1), mine.get(1), t + " high byte of " + v);
        }
      }
      for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, -1e300, 0.0, -0.0, 448, 464, 480}) {
        t.write(mine, 0, v);
        dsl(t).write(theirs, 0, v);
        assertEquals(bits(theirs, t), bits(mine, t), t + " " + v);
      }
    }
  }

  private static int bits(ByteBuffer b, ElementType t) {
    return t.bytes() == 1 ? b.get(0) & 0xff : b.getShort(0) & 0xffff;
  }

  @Test
  void integersAndWideFloatsRoundTrip() {
    ByteBuffer b = ElementType.I64.allocate(1);
    ElementType.I64.write(b, 0, -5);
    assertEquals(-5, ElementType.I64.read(b, 0));
    assertEquals(0.1f, (float) ElementType.FP32.round(0.1));
    assertEquals(1, ElementType.I1.round(7));
  }

  @Test
  void bigEndianBuffersAreRefusedWithTheFix() {
    ByteBuffer big = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ElementType.FP32.write(big, 0, 1));
    assertEquals("element buffers are little-endian; call buffer.order(ByteOrder.LITTLE_ENDIAN) first", e.getMessage());
  }

  @Test
  void unknownNamesListTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ElementType.fromIrName("bfloat16"));
    assertEquals("unknown element type 'bfloat16'; expected one of i1, i32, i64, fp8e4m3, fp8e5m2, fp16, bf16, fp32, fp64",
        e.getMessage());
  }
}
