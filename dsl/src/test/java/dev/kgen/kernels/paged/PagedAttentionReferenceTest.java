package dev.kgen.kernels.paged;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kgen.ir.DType;
import org.junit.jupiter.api.Test;

class PagedAttentionReferenceTest {
  private static PagedAttentionCase.Builder base() {
    return PagedAttentionCase.builder()
        .name("ref")
        .numSeqs(3)
        .qHeads(8)
        .kvHeads(2)
        .headSize(32)
        .blockSize(16)
        .seqLen(1);
  }

  private static void setQuery(PagedAttentionInputs in, int seq, double value) {
    int token = in.batch().firstToken(seq);
    for (int h = 0; h < in.testCase().qHeads(); h++) {
      for (int d = 0; d < in.testCase().headSize(); d++) {
        in.query().set(value, token, h, d);
      }
    }
  }

  private static void setKey(PagedAttentionInputs in, int seq, int kv, int pos, int d, double v) {
    PagedAttentionCase c = in.testCase();
    int block = in.batch().physicalBlock(seq, pos / c.blockSize());
    in.keyCache().set(v, block, kv, d / c.x(), pos % c.blockSize(), d % c.x());
  }

  private static void setValue(PagedAttentionInputs in, int seq, int kv, int pos, int d, double v) {
    PagedAttentionCase c = in.testCase();
    int block = in.batch().physicalBlock(seq, pos / c.blockSize());
    in.valueCache().set(v, block, kv, d, pos % c.blockSize());
  }

  private static double[] valueRow(PagedAttentionInputs in, int seq, int kv, int pos) {
    double[] v = new double[in.testCase().headSize()];
    for (int d = 0; d < v.length; d++) {
      v[d] = in.valueAt(seq, kv, pos, d);
    }
    return v;
  }

  private static double[] out(PagedAttentionInputs in, int seq, int head) {
    return PagedAttentionReference.compute(in)[in.batch().firstToken(seq)][head];
  }

  @Test
  void oneTokenOfContextReturnsItsValueRowThroughTheGqaMapping() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in = PagedAttentionInputs.generate(base().build(), seed);
    double[][][] ref = PagedAttentionReference.compute(in);
    for (int s = 0; s < 3; s++) {
      for (int h = 0; h < 8; h++) {
        assertArrayEquals(valueRow(in, s, h / 4, 0), ref[in.batch().firstToken(s)][h], "seed " + seed);
      }
      assertFalse(java.util.Arrays.equals(valueRow(in, s, 0, 0), valueRow(in, s, 1, 0)), "seed " + seed);
    }
  }

  @Test
  void aZeroQueryAveragesTheValues() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in = PagedAttentionInputs.generate(base().seqLenRange(1, 50).build(), seed);
    int seq = 1;
    setQuery(in, seq, 0);
    int len = in.batch().seqLen(seq);
    for (int h = 0; h < 8; h++) {
      double[] mean = new double[32];
      for (int pos = 0; pos < len; pos++) {
        double[] v = valueRow(in, seq, h / 4, pos);
        for (int d = 0; d < 32; d++) {
          mean[d] += v[d] / len;
        }
      }
      assertArrayEquals(mean, out(in, seq, h), 1e-12, "seed " + seed + " len " + len);
    }
  }

  @Test
  void aSinkAtMinusInfinityOrFarBelowChangesNothing() {
    long seed = TestSeeds.fresh();
    PagedAttentionCase plain = base().seqLenRange(1, 60).build();
    double[][][] expected = PagedAttentionReference.compute(PagedAttentionInputs.generate(plain, seed));
    // the sinks are drawn after q, K and V, so the data are the same
    PagedAttentionInputs in = PagedAttentionInputs.generate(plain.toBuilder().sinks(true).build(), seed);
    for (double sink : new double[] {Double.NEGATIVE_INFINITY, -1e30}) {
      for (int h = 0; h < 8; h++) {
        in.sinks().set(sink, h);
      }
      assertArrayEquals(expected, PagedAttentionReference.compute(in), "sink " + sink + " seed " + seed);
    }
  }

  @Test
  void aHugeSinkTakesAllTheWeight() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in = PagedAttentionInputs.generate(base().seqLenRange(1, 60).sinks(true).build(), seed);
    for (int h = 0; h < 8; h++) {
      in.sinks().set(1e4, h);
    }
    for (double[][] row : PagedAttentionReference.compute(in)) {
      for (double[] head : row) {
        for (double v : head) {
          assertEquals(0.0, v, 1e-30, "seed " + seed);
        }
      }
    }
  }

  @Test
  void aSinkIsOneMoreLogitWithoutAValue() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in = PagedAttentionInputs.generate(base().sinks(true).build(), seed);
    setQuery(in, 0, 0); // score 0 for the one key
    in.sinks().set(0.0, 2); // weights 1/2 : 1/2
    in.sinks().set(Math.log(3), 5); // weights 1/4 : 3/4
    double[] v = valueRow(in, 0, 0, 0);
    double[] w = valueRow(in, 0, 1, 0);
    for (int d = 0; d < 32; d++) {
      assertEquals(v[d] / 2, out(in, 0, 2)[d], 1e-15, "seed " + seed);
      assertEquals(w[d] / 4, out(in, 0, 5)[d], 1e-7, "seed " + seed);
    }
  }

  @Test
  void theWindowKeepsTheLastTokens() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in = PagedAttentionInputs.generate(base().seqLen(40).window(3).build(), seed);
    setQuery(in, 2, 0);
    for (int h = 0; h < 8; h++) {
      double[] expected = new double[32];
      for (int pos = 37; pos < 40; pos++) {
        double[] v = valueRow(in, 2, h / 4, pos);
        for (int d = 0; d < 32; d++) {
          expected[d] += v[d] / 3;
        }
      }
      assertArrayEquals(expected, out(in, 2, h), 1e-12, "seed " + seed);
    }
  }

  @Test
  void tokensOutsideTheWindowScoreMinusTenThousandNotMinusInfinity() {
    long seed = TestSeeds.fresh();
    // two keys, window 1: key 0 is masked to -10000, key 1 scores q.k = -200 * 100 = -20000,
    // so the masked key, being finite, wins
    PagedAttentionInputs in =
        PagedAttentionInputs.generate(base().numSeqs(1).qHeads(2).kvHeads(1).seqLen(2).window(1).scale(1.0).build(), seed);
    setQuery(in, 0, 0);
    in.query().set(-200, 0, 0, 0);
    for (int d = 0; d < 32; d++) {
      setKey(in, 0, 0, 1, d, d == 0 ? 100 : 0);
    }
    assertArrayEquals(valueRow(in, 0, 0, 0), out(in, 0, 0), 1e-12, "seed " + seed);
    // head 1 has a zero query: key 1 scores 0 and takes all the weight
    assertArrayEquals(valueRow(in, 0, 0, 1), out(in, 0, 1), 1e-12, "seed " + seed);
  }

  @Test
  void alibiFavoursRecentTokens() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in = PagedAttentionInputs.generate(base().seqLen(3).alibi(true).build(), seed);
    setQuery(in, 0, 0);
    double slope = 0.5;
    in.alibiSlopes().set(slope, 6);
    // scores slope * (pos - 2): -1, -0.5, 0
    double w0 = Math.exp(-1.0);
    double w1 = Math.exp(-0.5);
    double w2 = 1.0;
    double sum = w0 + w1 + w2;
    double[] v0 = valueRow(in, 0, 1, 0);
    double[] v1 = valueRow(in, 0, 1, 1);
    double[] v2 = valueRow(in, 0, 1, 2);
    double[] got = out(in, 0, 6);
    for (int d = 0; d < 32; d++) {
      assertEquals((w0 * v0[d] + w1 * v1[d] + w2 * v2[d]) / sum, got[d], 1e-12, "seed " + seed);
    }
  }

  @Test
  void alibiIsAddedAfterTheWindowMask() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in =
        PagedAttentionInputs.generate(base().seqLen(2).window(1).alibi(true).build(), seed);
    setQuery(in, 0, 0);
    // key 0: -10000 + slope * -1; key 1: 0. With slope -20000 key 0 scores +10000 and wins.
    in.alibiSlopes().set(-20000, 0);
    assertArrayEquals(valueRow(in, 0, 0, 0), out(in, 0, 0), 1e-12, "seed " + seed);
  }

  @Test
  void fp8CacheValuesAreDequantized() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in = PagedAttentionInputs.generate(base().kvCacheDtype("fp8").build(), seed);
    PagedAttentionCase c = in.testCase();
    int block = in.batch().physicalBlock(0, 0);
    double stored = in.valueCache().get(block, 1, 9, 0);
    assertEquals(stored * 0.04f, out(in, 0, 7)[9], 0.0, "seed " + seed);
    assertEquals(DType.FP8E4M3, c.cacheDType());
  }

  @Test
  void fp8OutputIsScaledClampedAndRounded() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in = PagedAttentionInputs.generate(base().outputScale(0.25).build(), seed);
    double[] v = valueRow(in, 1, 0, 0);
    double[] got = out(in, 1, 0);
    for (int d = 0; d < 32; d++) {
      assertEquals(DType.FP8E4M3.convert(v[d] * 4), got[d], "seed " + seed);
    }
    PagedAttentionInputs tiny = PagedAttentionInputs.generate(base().outputScale(1e-4).build(), seed);
    double[] t = valueRow(tiny, 1, 0, 0);
    double[] clamped = out(tiny, 1, 0);
    for (int d = 0; d < 32; d++) {
      if (Math.abs(t[d]) > 0.05) {
        assertEquals(Math.copySign(448, t[d]), clamped[d], "seed " + seed);
      }
    }
  }

  @Test
  void prefillRowsAreNotComputed() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in =
        PagedAttentionInputs.generate(base().numSeqs(8).seqLen(20).prefillFrac(0.5).build(), seed);
    double[][][] ref = PagedAttentionReference.compute(in);
    PagedAttentionBatch b = in.batch();
    assertEquals(b.numTokens(), ref.length);
    for (int s = 0; s < 8; s++) {
      for (int t = b.firstToken(s); t < b.firstToken(s) + b.queryLen(s); t++) {
        if (b.isDecode(s)) {
          assertNotNull(ref[t], "seed " + seed);
          assertArrayEquals(PagedAttentionReference.computeSequence(in, s), ref[t]);
        } else {
          assertNull(ref[t], "seed " + seed);
        }
      }
    }
    int prefill = 0;
    while (b.isDecode(prefill)) {
      prefill++;
    }
    int p = prefill;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PagedAttentionReference.computeSequence(in, p));
    assertEquals(
        "sequence " + p + " has query length 16; the decode kernel computes only sequences of query length 1",
        e.getMessage());
  }

  @Test
  void paddedStridesGiveTheSameAnswer() {
    long seed = TestSeeds.fresh();
    PagedAttentionCase c =
        base().dtype(DType.F16).numSeqs(4).seqLenRange(1, 100).sinks(true).alibi(true).window(30).build();
    double[][][] plain = PagedAttentionReference.compute(PagedAttentionInputs.generate(c, seed));
    double[][][] padded =
        PagedAttentionReference.compute(PagedAttentionInputs.generate(c.toBuilder().paddedStrides(true).build(), seed));
    assertArrayEquals(plain, padded, "seed " + seed);
  }

  /** A transcription of the bench script's reference over the logical views, all features on. */
  @Test
  void agreesWithAStraightforwardSoftmaxOnANonPowerOfTwoBlock() {
    long seed = TestSeeds.fresh();
    PagedAttentionCase c =
        base().numSeqs(4).qHeads(6).kvHeads(2).headSize(48).blockSize(24).seqLenRange(1, 90)
            .sinks(true).alibi(true).window(40).build();
    PagedAttentionInputs in = PagedAttentionInputs.generate(c, seed);
    double[][][] ref = PagedAttentionReference.compute(in);
    for (int s = 0; s < c.numSeqs(); s++) {
      int len = in.batch().seqLen(s);
      int t = in.batch().firstToken(s);
      for (int h = 0; h < c.qHeads(); h++) {
        int kv = h / 3;
        double[] logits = new double[len + 1];
        for (int pos = 0; pos < len; pos++) {
          double dot = 0;
          for (int d = 0; d < 48; d++) {
            dot += in.queryAt(t, h, d) * in.keyAt(s, kv, pos, d);
          }
          double sc = dot / Math.sqrt(48);
          if (len - 1 - pos >= 40) {
            sc = -10000;
          }
          logits[pos] = sc + in.alibiSlopes().get(h) * (pos - (len - 1));
        }
        logits[len] = in.sinks().get(h);
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
          max = Math.max(max, l);
        }
        double sum = 0;
        for (double l : logits) {
          sum += Math.exp(l - max);
        }
        for (int d = 0; d < 48; d++) {
          double o = 0;
          for (int pos = 0; pos < len; pos++) {
            o += Math.exp(logits[pos] - max) / sum * in.valueAt(s, kv, pos, d);
          }
          assertEquals(o, ref[t][h][d], 1e-12 * (1 + Math.abs(o)), "seed " + seed + " seq " + s + " head " + h);
        }
      }
    }
  }
}
