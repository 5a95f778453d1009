package dev.kgen.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.numeric.MiniFloat;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class JvmIntrinsicsTest {
  private static final long SEED = System.nanoTime();

  private record Format(MiniFloat mini, DoubleUnaryOperator round, ToIntFunction<Double> encode, IntFunction<Double> decode,
      int mask) {}

  private static final Format[] FORMATS = {
      new Format(MiniFloat.BF16, JvmIntrinsics::roundBf16, v -> JvmIntrinsics.bf16Bits(v) & 0xffff,
          b -> JvmIntrinsics.bf16((short) b), 0xffff),
      new Format(MiniFloat.FP16, JvmIntrinsics::roundF16, v -> JvmIntrinsics.f16Bits(v) & 0xffff,
          b -> JvmIntrinsics.f16((short) b), 0xffff),
      new Format(MiniFloat.FP8_E4M3, JvmIntrinsics::roundFp8e4m3, v -> JvmIntrinsics.fp8e4m3Bits(v) & 0xff,
          b -> JvmIntrinsics.fp8e4m3((byte) b), 0xff),
      new Format(MiniFloat.FP8_E5M2, JvmIntrinsics::roundFp8e5m2, v -> JvmIntrinsics.fp8e5m2Bits(v) & 0xff,
          b -> JvmIntrinsics.fp8e5m2((byte) b), 0xff),
  };

  private static void check(Format f, double v) {
    double want = f.mini().round(v);
    double got = f.round().applyAsDouble(v);
    assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got),
        f.mini() + " round(" + v + " = 0x" + Long.toHexString(Double.doubleToRawLongBits(v)) + "), seed " + SEED);
    assertEquals(f.mini().encode(v), f.encode().applyAsInt(v), f.mini() + " encode(" + v + "), seed " + SEED);
  }

  @Test
  void bf16OfAFloatMatchesBf16OfTheSameValueAsADouble() {
    Random r = new Random(SEED);
    for (long i = 0; i < (1L << 32); i += 1 + (i >>> 12) % 7919 + r.nextInt(64)) {
      checkFloat((int) i);
    }
    for (int bits : new int[] {0, 0x80000000, 0x7f7fffff, 0x7f7f8000, 0x7f7f7fff, 0xff7f8000, 0x7f800000, 0xff800000,
        0x7fc00000, 0x7f800001, 0xffc00001, 0x00000001, 0x00008000, 0x00018000, 0x007fffff, 0x0000ffff, 0x80008000}) {
      checkFloat(bits);
    }
  }

  private static void checkFloat(int bits) {
    float v = Float.intBitsToFloat(bits);
    double want = JvmIntrinsics.roundBf16((double) v);
    double got = JvmIntrinsics.roundBf16(v);
    String context = "roundBf16(float 0x" + Integer.toHexString(bits) + "), seed " + SEED;
    if (Double.isNaN(want)) {
      assertTrue(Double.isNaN(got), context);
    } else {
      assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), context);
    }
    assertEquals(JvmIntrinsics.bf16Bits((double) v), JvmIntrinsics.bf16Bits(v), "bf16Bits: " + context);
  }

  @Test
  void decodingMatchesMiniFloatForEveryEncoding() {
    for (Format f : FORMATS) {
      for (int bits = 0; bits <= f.mask(); bits++) {
        double want = f.mini().decode(bits);
        double got = f.decode().apply(bits);
        if (Double.isNaN(want)) {
          assertTrue(Double.isNaN(got), f.mini() + " decode(0x" + Integer.toHexString(bits) + ")");
        } else {
          assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got),
              f.mini() + " decode(0x" + Integer.toHexString(bits) + ")");
        }
      }
    }
  }

  @Test
  void roundingAndEncodingMatchMiniFloatAroundEveryEncoding() {
    for (Format f : FORMATS) {
      for (int bits = 0; bits <= f.mask(); bits++) {
        double x = f.mini().decode(bits);
        if (Double.isNaN(x) || Double.isInfinite(x)) {
          check(f, x);
          continue;
        }
        // the value, its neighbours in double, and the midpoints to the next encodings (ties)
        check(f, x);
        check(f, Math.nextUp(x));
        check(f, Math.nextDown(x));
        double next = f.mini().decode((bits + 1) & f.mask());
        if (!Double.isNaN(next) && !Double.isInfinite(next)) {
          double mid = x + (next - x) / 2;
          check(f, mid);
          check(f, Math.nextUp(mid));
          check(f, Math.nextDown(mid));
        }
      }
      for (double special : new double[] {0.0, -0.0, Double.NaN, -Double.NaN, Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
          f.mini().maxFinite() * 1.0001, f.mini().maxFinite() * 1.5, 1e-300, 1e300}) {
        check(f, special);
      }
    }
  }

  @Test
  void roundingMatchesMiniFloatOnRandomDoubles() {
    Random r = new Random(SEED);
    for (Format f : FORMATS) {
      for (int i = 0; i < 200_000; i++) {
        double v = switch (i % 3) {
          case 0 -> Double.longBitsToDouble(r.nextLong());
          case 1 -> r.nextGaussian() * Math.scalb(1.0, r.nextInt(60) - 30);
          default -> r.nextGaussian() * Math.scalb(1.0, r.nextInt(40) - 150);
        };
        check(f, v);
      }
    }
  }

  @Test
  void integerDivisionTruncatesAndDivisionByZeroGivesZero() {
    assertEquals(-2, JvmIntrinsics.div(-7, 3));
    assertEquals(-1, JvmIntrinsics.rem(-7, 3));
    assertEquals(0, JvmIntrinsics.div(5, 0));
    assertEquals(0L, JvmIntrinsics.rem(5L, 0L));
    assertEquals(Integer.MIN_VALUE, JvmIntrinsics.div(Integer.MIN_VALUE, -1));
  }

  @Test
  void boundsErrorsNameTheParameterOffsetAndCapacity() {
    RuntimeException e = JvmIntrinsics.outOfBounds("k", "load", "x_ptr", ByteBuffer.allocate(16), 9, "fp32", 4, 1, 2, 0);
    assertEquals("k: load out of bounds: x_ptr[9] but the buffer holds 4 elements of fp32 (program 1,2,0)", e.getMessage());
    RuntimeException n = JvmIntrinsics.outOfBounds("k", "store", "y_ptr", null, 0, "bf16", 2, 0, 0, 0);
    assertEquals("k: store through y_ptr, which was passed as null", n.getMessage());
  }
}
