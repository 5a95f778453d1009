package dev.kgen.examples.paged;

import dev.kgen.launch.ElementType;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The problem the paged-attention examples solve: a small serving batch at one decode step.
 * Three sequences fill a shared fp8 KV cache token by token (a fourth finishes early and frees
 * its blocks, which the others then reuse); each sequence then appends the key and value of its
 * new token and attends with that token's bf16 query, four query heads over two KV heads of
 * 128 dimensions, with attention sinks.
 *
 * <p>The geometry matches the {@code decodeHead128Fp8Sinks} specialization that {@link
 * dev.kgen.examples.kernels.ShippedKernels} declares. Independent of kgen's DSL.
 */
public final class DecodeStep {
  public static final int QUERY_HEADS = 4;
  public static final int KV_HEADS = 2;
  public static final int HEAD_SIZE = 128;
  public static final int BLOCK_SIZE = 16;
  public static final int CACHE_BLOCKS = 12;
  public static final ElementType QUERY_TYPE = ElementType.BF16;
  public static final ElementType KV_TYPE = ElementType.FP8E4M3;
  /** Per-tensor fp8 scales: values of about N(0, 0.5) stored as value / scale use fp8's range well. */
  public static final float K_SCALE = 0.05f;
  public static final float V_SCALE = 0.04f;
  /** The relative L2 error a correct bf16-output kernel stays under. */
  public static final double TOLERANCE = 2e-2;

  private final PagedKvCache cache;
  private final int[] seqs;
  private final ByteBuffer query;
  private final ByteBuffer sinks;

  private DecodeStep(PagedKvCache cache, int[] seqs, ByteBuffer query, ByteBuffer sinks) {
    this.cache = cache;
    this.seqs = seqs;
    this.query = query;
    this.sinks = sinks;
  }

  /** Builds the batch from {@code seed}: the prompts, the new tokens and their queries. */
  public static DecodeStep generate(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    PagedKvCache cache = new PagedKvCache(CACHE_BLOCKS, BLOCK_SIZE, KV_HEADS, HEAD_SIZE, KV_TYPE, K_SCALE, V_SCALE);
    int[] seqs = {cache.addSequence(), cache.addSequence(), cache.addSequence()};
    int early = cache.addSequence();
    int[] prompt = {37, 4, 60};
    for (int t = 0; t < 20; t++) {
      cache.append(early, token(rnd), token(rnd));
    }
    // round-robin, as a server appends one token per sequence per step: the blocks interleave
    for (int t = 0; t < 60; t++) {
      for (int i = 0; i < seqs.length; i++) {
        if (t < prompt[i]) {
          cache.append(seqs[i], token(rnd), token(rnd));
        }
      }
      if (t == 10) {
        cache.release(early);
      }
    }
    ByteBuffer query = QUERY_TYPE.allocate(seqs.length * QUERY_HEADS * HEAD_SIZE);
    for (int i = 0; i < seqs.length; i++) {
      cache.append(seqs[i], token(rnd), token(rnd)); // the new token's key and value
      for (int e = 0; e < QUERY_HEADS * HEAD_SIZE; e++) {
        QUERY_TYPE.write(query, (long) i * QUERY_HEADS * HEAD_SIZE + e, rnd.nextGaussian());
      }
    }
    ByteBuffer sinks = ElementType.FP32.allocate(QUERY_HEADS);
    for (int h = 0; h < QUERY_HEADS; h++) {
      sinks.putFloat(h * 4, (float) rnd.nextGaussian());
    }
    return new DecodeStep(cache, seqs, query, sinks);
  }

  private static float[][] token(SplittableRandom rnd) {
    float[][] t = new float[KV_HEADS][HEAD_SIZE];
    for (float[] head : t) {
      for (int d = 0; d < HEAD_SIZE; d++) {
        head[d] = (float) (rnd.nextGaussian() * 0.5);
      }
    }
    return t;
  }

  public PagedKvCache cache() {
    return cache;
  }

  /** The sequences of the batch, in batch order. */
  public int[] seqs() {
    return seqs.clone();
  }

  /** bf16 {@code [seqs, QUERY_HEADS, HEAD_SIZE]}, contiguous. */
  public ByteBuffer query() {
    return query.duplicate().order(query.order());
  }

  /** fp32 {@code [QUERY_HEADS]}. */
  public ByteBuffer sinks() {
    return sinks.duplicate().order(sinks.order());
  }

  /** The softmax scale, 1/sqrt(head size). */
  public double scale() {
    return 1 / Math.sqrt(HEAD_SIZE);
  }

  /** Elements of the query, and of the output. */
  public int queryElements() {
    return seqs.length * QUERY_HEADS * HEAD_SIZE;
  }

  /** {@code [seqs, heads, head size]} strides of the query and the output, in elements. */
  public long[] queryStrides() {
    return new long[] {(long) QUERY_HEADS * HEAD_SIZE, HEAD_SIZE, 1};
  }

  /** The longest sequence. */
  public int maxSeqLen() {
    return Arrays.stream(seqs).map(cache::length).max().orElse(0);
  }

  /** float64 answers {@code [seqs][QUERY_HEADS][HEAD_SIZE]}. */
  public double[][][] reference() {
    return DecodeReference.compute(cache, seqs, query(), QUERY_TYPE, QUERY_HEADS, KV_HEADS, HEAD_SIZE, sinks(), scale());
  }

  /** Prints the batch: each sequence's length and blocks. */
  public void describe(PrintStream out) {
    for (int s : seqs) {
      out.printf("  sequence %d: %2d tokens in blocks %s%n", s, cache.length(s), Arrays.toString(cache.blocks(s)));
    }
  }

  /** Compares a bf16 output with the reference; throws when the error is above {@link #TOLERANCE}. */
  public double check(ByteBuffer output, PrintStream out) {
    double error = DecodeReference.relativeError(reference(), output, QUERY_TYPE);
    out.printf("relative L2 error vs the float64 reference: %.2e (tolerance %.0e)%n", error, TOLERANCE);
    if (!(error <= TOLERANCE)) {
      throw new IllegalStateException("paged attention output is wrong: relative error " + error + " > " + TOLERANCE);
    }
    return error;
  }
}
