package dev.kgen.codegen.c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalTextTest {
  @Test
  void printsShortestRoundTrippingText() {
    assertEquals("0.5", DecimalText.ofFloat(0.5f));
    assertEquals("448.0", DecimalText.ofFloat(448f));
    assertEquals("-10000.0", DecimalText.ofFloat(-10000f));
    assertEquals("0.1", DecimalText.ofFloat(0.1f));
    assertEquals("1.0e-10", DecimalText.ofFloat((float) 1e-10));
    assertEquals("5.9604645e-8", DecimalText.ofFloat((float) Math.scalb(1.0, -24)));
    assertEquals("3.4028235e38", DecimalText.ofFloat(Float.MAX_VALUE));
    assertEquals("1.0e-45", DecimalText.ofFloat(Float.MIN_VALUE));
    assertEquals("-0.0", DecimalText.ofFloat(-0f));
    assertEquals("0.1", DecimalText.ofDouble(0.1));
    assertEquals("1.0e-10", DecimalText.ofDouble(1e-10));
  }

  @Test
  void everyPrintedFloatReadsBackExactly() {
    Random r = new Random(1);
    for (int i = 0; i < 20_000; i++) {
      float f = Float.intBitsToFloat(r.nextInt());
      if (Float.isFinite(f)) {
        assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(Float.parseFloat(DecimalText.ofFloat(f))));
      }
      double d = Double.longBitsToDouble(r.nextLong());
      if (Double.isFinite(d)) {
        assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(Double.parseDouble(DecimalText.ofDouble(d))));
      }
    }
  }

  @Test
  void nonFiniteValuesAreTheDialectsJob() {
    assertThrows(IllegalArgumentException.class, () -> DecimalText.ofFloat(Float.NaN));
    assertThrows(IllegalArgumentException.class, () -> DecimalText.ofDouble(Double.NEGATIVE_INFINITY));
  }
}
