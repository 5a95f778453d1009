package dev.kgen.kernels.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kgen.ir.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ElementCodecTest {
  @Test
  void tableDecodingMatchesDTypeForEveryPattern() {
    ByteBuffer b = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
    for (DType d : new DType[] {DType.BF16, DType.F16, DType.FP8E4M3, DType.FP8E5M2}) {
      int n = 1 << (8 * d.bytes());
      for (int bits = 0; bits < n; bits++) {
        if (d.bytes() == 2) {
          b.putShort(0, (short) bits);
        } else {
          b.put(0, (byte) bits);
        }
        assertEquals(
            Double.doubleToLongBits(d.read(b, 0)),
            Double.doubleToLongBits(ElementCodec.read(d, b, 0)),
            d + " pattern " + bits);
      }
    }
  }

  @Test
  void bf16BitTrickMatchesDTypeOnRandomFloats() {
    long seed = TestSeeds.fresh();
    SplittableRandom r = new SplittableRandom(seed);
    ByteBuffer fast = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer slow = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 200_000; i++) {
      float v = Float.intBitsToFloat(r.nextInt());
      if (Float.isNaN(v) || Float.isInfinite(v)) {
        continue;
      }
      ElementCodec.write(DType.BF16, fast, 0, v);
      DType.BF16.write(slow, 0, v);
      assertEquals(slow.getShort(0), fast.getShort(0), "seed " + seed + " value " + v);
    }
  }
}
