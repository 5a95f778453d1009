package dev.kgen.kernels.paged;

/**
 * The least traffic a decode launch can cost, for turning a time into GB/s.
 *
 * <p>{@link #minimum} is the bench script's formula: every decode row reads each of its
 * keys and values once ({@code seq_len * kv_heads * head_size * 2 * cache element size}) and
 * its query row and writes its output row ({@code q_heads * head_size} elements each).
 * The bench counts those as 2 + 2 bytes; here they are the query and output element sizes,
 * which is the same except with an fp8 output. Prefill rows cost nothing: the kernel skips
 * them. {@link #windowed} counts only the keys and values inside the sliding window, the
 * bound for a kernel that does not read masked tokens.
 */
public final class PagedAttentionBytes {
  private PagedAttentionBytes() {}

  public static long minimum(PagedAttentionInputs in) {
    return minimum(in.testCase(), in.batch());
  }

  public static long minimum(PagedAttentionCase c, PagedAttentionBatch b) {
    return count(c, b, false);
  }

  public static long windowed(PagedAttentionInputs in) {
    return windowed(in.testCase(), in.batch());
  }

  public static long windowed(PagedAttentionCase c, PagedAttentionBatch b) {
    return count(c, b, true);
  }

  private static long count(PagedAttentionCase c, PagedAttentionBatch b, boolean windowOnly) {
    long tokens = 0;
    for (int s = 0; s < b.numSeqs(); s++) {
      if (b.isDecode(s)) {
        int len = b.seqLen(s);
        tokens += windowOnly && c.window() > 0 ? Math.min(len, c.window()) : len;
      }
    }
    long kv = tokens * c.kvHeads() * c.headSize() * 2L * c.cacheDType().bytes();
    long qo = (long) b.numDecodeRows() * c.qHeads() * c.headSize()
        * (c.dtype().bytes() + c.outputDType().bytes());
    return kv + qo;
  }
}
