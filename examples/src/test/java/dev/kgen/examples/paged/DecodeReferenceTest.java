package dev.kgen.examples.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kgen.launch.ElementType;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DecodeReferenceTest {
  @Test
  void oneTokenIsItsOwnValueAndASinkScalesItDown() {
    PagedKvCache cache = new PagedKvCache(1, 16, 1, 16, ElementType.FP32, 1, 1);
    int s = cache.addSequence();
    float[][] v = new float[1][16];
    v[0][3] = 2;
    cache.append(s, new float[1][16], v); // key 0: every score is 0
    ByteBuffer query = ElementType.FP32.allocate(16);
    assertEquals(2.0, DecodeReference.compute(cache, new int[] {s}, query, ElementType.FP32, 1, 1, 16, null, 1)[0][0][3]);
    ByteBuffer sink = ElementType.FP32.allocate(1); // a sink logit 0 takes half the weight
    assertEquals(1.0, DecodeReference.compute(cache, new int[] {s}, query, ElementType.FP32, 1, 1, 16, sink, 1)[0][0][3]);
  }

  @Test
  void anUnwrittenOutputIsNaN() {
    double[][][] ref = {{{1, 2}}};
    ByteBuffer out = ElementType.BF16.allocate(2, Double.NaN);
    assertEquals(Double.NaN, DecodeReference.relativeError(ref, out, ElementType.BF16));
    ElementType.BF16.write(out, 0, 1);
    ElementType.BF16.write(out, 1, 2);
    assertEquals(0.0, DecodeReference.relativeError(ref, out, ElementType.BF16));
  }
}
