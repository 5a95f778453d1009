package dev.kgen.examples.paged;

import dev.kgen.launch.ElementType;
import java.nio.ByteBuffer;

/**
 * Decode attention in float64 over what the cache and the query hold, for checking a kernel:
 * for query head h of a sequence of L tokens, with g = query heads per KV head,
 * {@code out = sum_pos softmax(scale * q . k_pos, sink_h)[pos] * v_pos} over the keys and values
 * of KV head h / g, where the sink is one more logit in the softmax with no value.
 */
public final class DecodeReference {
  private DecodeReference() {}

  /**
   * {@code [seqs.length][queryHeads][headSize]}.
   *
   * @param query {@code [seqs.length, queryHeads, headSize]} of {@code queryType}, contiguous
   * @param sinks fp32 {@code [queryHeads]}, or null without sinks
   */
  public static double[][][] compute(PagedKvCache cache, int[] seqs, ByteBuffer query, ElementType queryType,
      int queryHeads, int kvHeads, int headSize, ByteBuffer sinks, double scale) {
    int group = queryHeads / kvHeads;
    double[][][] out = new double[seqs.length][queryHeads][headSize];
    for (int i = 0; i < seqs.length; i++) {
      int len = cache.length(seqs[i]);
      for (int h = 0; h < queryHeads; h++) {
        int kv = h / group;
        double[] s = new double[len];
        double max = sinks == null ? Double.NEGATIVE_INFINITY : sinks.getFloat(h * 4);
        for (int pos = 0; pos < len; pos++) {
          double dot = 0;
          for (int d = 0; d < headSize; d++) {
            dot += queryType.read(query, ((long) i * queryHeads + h) * headSize + d) * cache.key(seqs[i], kv, pos, d);
          }
          s[pos] = scale * dot;
          max = Math.max(max, s[pos]);
        }
        double denominator = sinks == null ? 0 : Math.exp(sinks.getFloat(h * 4) - max);
        for (int pos = 0; pos < len; pos++) {
          double p = Math.exp(s[pos] - max);
          denominator += p;
          for (int d = 0; d < headSize; d++) {
            out[i][h][d] += p * cache.value(seqs[i], kv, pos, d);
          }
        }
        for (int d = 0; d < headSize; d++) {
          out[i][h][d] /= denominator;
        }
      }
    }
    return out;
  }

  /**
   * The relative L2 error of {@code output} (laid out like the query, in {@code outputType})
   * against the reference; NaN, for instance an element the kernel never wrote into an output
   * poisoned with NaN, makes it NaN.
   */
  public static double relativeError(double[][][] reference, ByteBuffer output, ElementType outputType) {
    double num = 0;
    double den = 0;
    long i = 0;
    for (double[][] seq : reference) {
      for (double[] head : seq) {
        for (double r : head) {
          double o = outputType.read(output, i++);
          num += (o - r) * (o - r);
          den += r * r;
        }
      }
    }
    return Math.sqrt(num / Math.max(den, 1e-300));
  }
}
