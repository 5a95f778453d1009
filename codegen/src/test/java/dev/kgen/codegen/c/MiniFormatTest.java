package dev.kgen.codegen.c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kgen.errors.KgenInternalError;
import dev.kgen.ir.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The helpers' constants agree with the interpreter's {@link dev.kgen.numeric.MiniFloat}. */
class MiniFormatTest {
  @Test
  void constantsMatchTheInterpretersFormats() {
    for (DType d : List.of(DType.F16, DType.BF16, DType.FP8E4M3, DType.FP8E5M2)) {
      MiniFormat m = MiniFormat.of(d);
      assertEquals(d.format().maxFinite(), m.maxFinite(), d.toString());
      assertEquals(d.format().bits(), m.bits(), d.toString());
      assertEquals(d.format().encode(Double.NaN), m.nanBits(), d.toString());
      assertEquals(d.format().decode(1), m.subnormalUlp(), d.toString());
      double below = Math.nextDown(m.overflowThreshold());
      double rounded = d.format().round(below);
      assertEquals(m.maxFinite(), rounded, d + ": just below the threshold rounds to the largest finite value");
      double at = d.format().round(m.overflowThreshold());
      assertEquals(m.hasInfinity() ? Double.POSITIVE_INFINITY : m.maxFinite(), at, d.toString());
      if (m.hasInfinity()) {
        assertEquals(Double.POSITIVE_INFINITY, d.format().decode(m.infinityBits()), d.toString());
      }
      assertEquals(m.minNormal(), d.format().decode(1 << m.mantBits()), d.toString());
    }
  }

  @Test
  void onlySmallFloatsHaveAFormat() {
    KgenInternalError e = assertThrows(KgenInternalError.class, () -> MiniFormat.of(DType.F32));
    assertEquals("fp32 is not a small float format", e.getMessage());
  }
}
