package dev.kgen.kernels.paged;

import dev.kgen.ir.DType;
import java.util.stream.IntStream;

/**
 * The float64 answer of the seed kernel over the stored (already rounded) inputs.
 *
 * <p>For every decode row (query length 1) and query head h, with L the sequence length,
 * g = q_heads / kv_heads and kv = h / g:
 *
 * <ol>
 *   <li>{@code s[pos] = scale * q_h . k_kv[pos]} for pos in [0, L), with k dequantized by
 *       k_scale for an fp8 cache;
 *   <li>sliding window w > 0: {@code s[pos] = -10000} (not -inf) where {@code L-1-pos >= w};
 *   <li>ALiBi: {@code s[pos] += slope_h * (pos - (L-1))}, after the window, as in the kernel;
 *   <li>sinks: one more logit {@code sink_h} joins the max and the denominator, with no value;
 *   <li>{@code out = sum softmax(s)[pos] * v_kv[pos]};
 *   <li>fp8 output: {@code out * out_scale_inv}, clamped to [-448, 448], rounded to e4m3.
 * </ol>
 *
 * The kernel's {@code / (L + 1e-10)} is left out: L >= 1 there, so it moves results by at
 * most 1e-10 relative. Dequantized K/V and the probabilities are not rounded to the query
 * dtype as the kernel's tl.dot operands are; that rounding is the kernel's error, measured
 * against this reference, as in the bench script.
 */
public final class PagedAttentionReference {
  /** The fp8 e4m3 output range the kernel clamps to (float8_e4m3fn's min and max). */
  public static final double FP8_MAX = 448.0;
  /** The score the kernel gives keys outside the sliding window. */
  public static final double WINDOW_MASKED_SCORE = -10000.0;

  private PagedAttentionReference() {}

  /**
   * {@code [num_tokens][q_heads][head_size]}: the expected output of every decode row, null
   * for the rows of prefill sequences (the kernel must leave those untouched). For an fp8
   * output the values are those stored: scaled, clamped and rounded to e4m3.
   */
  public static double[][][] compute(PagedAttentionInputs in) {
    PagedAttentionBatch b = in.batch();
    int qHeads = in.testCase().qHeads();
    int kvHeads = in.testCase().kvHeads();
    double[][][] out = new double[b.numTokens()][][];
    for (int seq = 0; seq < b.numSeqs(); seq++) {
      if (b.isDecode(seq)) {
        out[b.firstToken(seq)] = new double[qHeads][];
      }
    }
    // one task per (sequence, KV head): each fills its own group of query heads
    IntStream.range(0, b.numSeqs() * kvHeads)
        .parallel()
        .filter(task -> b.isDecode(task / kvHeads))
        .forEach(task -> computeGroup(in, task / kvHeads, task % kvHeads, out[b.firstToken(task / kvHeads)]));
    return out;
  }

  /** {@code [q_heads][head_size]}: the expected output of decode sequence {@code seq}. */
  public static double[][] computeSequence(PagedAttentionInputs in, int seq) {
    if (!in.batch().isDecode(seq)) {
      throw new IllegalArgumentException(
          "sequence " + seq + " has query length " + in.batch().queryLen(seq)
              + "; the decode kernel computes only sequences of query length 1");
    }
    PagedAttentionCase c = in.testCase();
    double[][] row = new double[c.qHeads()][];
    for (int kv = 0; kv < c.kvHeads(); kv++) {
      computeGroup(in, seq, kv, row);
    }
    return row;
  }

  /** Fills {@code row[h]} for the query heads h of KV head {@code kv}. */
  private static void computeGroup(PagedAttentionInputs in, int seq, int kv, double[][] row) {
    PagedAttentionCase c = in.testCase();
    int len = in.batch().seqLen(seq);
    int d = c.headSize();
    double[] keys = new double[len * d];
    double[] values = new double[len * d];
    gather(in, seq, kv, keys, values);
    int token = in.batch().firstToken(seq);
    int g = c.numQueriesPerKv();
    double[] q = new double[d];
    double[] s = new double[len];
    HostTensor query = in.query();
    for (int h = kv * g; h < (kv + 1) * g; h++) {
      for (int i = 0; i < d; i++) {
        q[i] = query.readOffset(query.layout().offset(token, h, i));
      }
      scores(in, h, len, q, keys, s);
      double max = Double.NEGATIVE_INFINITY;
      for (double v : s) {
        max = Math.max(max, v);
      }
      double sink = c.sinks() ? in.sinks().readOffset(h) : Double.NEGATIVE_INFINITY;
      max = Math.max(max, sink);
      double denom = c.sinks() ? Math.exp(sink - max) : 0.0;
      double[] acc = new double[d];
      for (int pos = 0; pos < len; pos++) {
        double p = Math.exp(s[pos] - max);
        denom += p;
        int base = pos * d;
        for (int i = 0; i < d; i++) {
          acc[i] += p * values[base + i];
        }
      }
      for (int i = 0; i < d; i++) {
        acc[i] = store(c, acc[i] / denom, in.outScaleInvValue());
      }
      row[h] = acc;
    }
  }

  /** The masked, biased logits of query head {@code h} over the {@code len} keys. */
  private static void scores(PagedAttentionInputs in, int h, int len, double[] q, double[] keys, double[] s) {
    PagedAttentionCase c = in.testCase();
    int d = c.headSize();
    double scale = c.scale();
    double slope = c.alibi() ? in.alibiSlopes().readOffset(h) : 0.0;
    int context = len - 1;
    for (int pos = 0; pos < len; pos++) {
      double dot = 0;
      int base = pos * d;
      for (int i = 0; i < d; i++) {
        dot += q[i] * keys[base + i];
      }
      double score = scale * dot;
      if (c.window() > 0 && context - pos >= c.window()) {
        score = WINDOW_MASKED_SCORE;
      }
      if (c.alibi()) {
        score += slope * (pos - context);
      }
      s[pos] = score;
    }
  }

  /** The dequantized keys and values of (seq, kv) as {@code [len][head_size]} rows. */
  private static void gather(PagedAttentionInputs in, int seq, int kv, double[] keys, double[] values) {
    PagedAttentionCase c = in.testCase();
    int d = c.headSize();
    int x = c.x();
    int blockSize = c.blockSize();
    boolean fp8 = c.kvCacheDtype().isFp8();
    double kScale = fp8 ? in.kScaleValue() : 1.0;
    double vScale = fp8 ? in.vScaleValue() : 1.0;
    HostTensor kc = in.keyCache();
    HostTensor vc = in.valueCache();
    long[] ks = kc.strides();
    long[] vs = vc.strides();
    int len = keys.length / d;
    for (int pos = 0; pos < len; pos++) {
      long block = in.batch().physicalBlock(seq, pos / blockSize);
      int slot = pos % blockSize;
      long kBase = block * ks[0] + kv * ks[1] + slot * ks[3];
      long vBase = block * vs[0] + kv * vs[1] + slot * vs[3];
      for (int i = 0; i < d; i++) {
        keys[pos * d + i] = kScale * kc.readOffset(kBase + (i / x) * ks[2] + (i % x) * ks[4]);
        values[pos * d + i] = vScale * vc.readOffset(vBase + i * vs[2]);
      }
    }
  }

  /** The value the output holds for an exact result {@code v}. */
  private static double store(PagedAttentionCase c, double v, double outScaleInv) {
    if (!c.fp8Output()) {
      return v;
    }
    double scaled = Math.max(-FP8_MAX, Math.min(FP8_MAX, v * outScaleInv));
    return DType.FP8E4M3.convert(scaled);
  }
}
