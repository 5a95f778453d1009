package dev.kgen.runtime.paged;

import dev.kgen.runtime.Tensor;
import java.util.Objects;

/**
 * The arguments of one paged-attention decode call, named as in the seed's wrapper
 * {@code chunked_prefill_paged_decode}. Built once, immutable; {@link PagedAttention} validates
 * them against each other.
 *
 * <p>Shapes: query and output {@code [tokens, query_heads, head_size]}; key cache
 * {@code [blocks, kv_heads, head_size/x, block_size, x]}; value cache {@code [blocks, kv_heads,
 * head_size, block_size]}; block table {@code [seqs, max_blocks]} (i32 indices, or i64 addresses
 * with {@code isBlockTablePtr}); query_start_loc {@code [seqs+1]} and seq_lens {@code [seqs]} i32;
 * scales one-element fp32 tensors; alibi slopes and sinks {@code [query_heads]} fp32.
 */
public final class PagedAttentionArgs {
  private final Tensor query;
  private final Tensor output;
  private final String kvCacheDtype;
  private final Tensor keyCache;
  private final Tensor valueCache;
  private final Tensor blockTable;
  private final Tensor queryStartLoc;
  private final Tensor seqLens;
  private final int maxSeqLen;
  private final Tensor kScale;
  private final Tensor vScale;
  private final Tensor alibiSlopes;
  private final Integer slidingWindow;
  private final Double smScale;
  private final Tensor outputScale;
  private final Tensor sinks;
  private final boolean isBlockTablePtr;

  private PagedAttentionArgs(Builder b) {
    this.query = Objects.requireNonNull(b.query, "query is required");
    this.output = Objects.requireNonNull(b.output, "output is required");
    this.kvCacheDtype = b.kvCacheDtype == null ? "auto" : b.kvCacheDtype;
    this.keyCache = Objects.requireNonNull(b.keyCache, "keyCache is required");
    this.valueCache = Objects.requireNonNull(b.valueCache, "valueCache is required");
    this.blockTable = Objects.requireNonNull(b.blockTable, "blockTable is required");
    this.queryStartLoc = Objects.requireNonNull(b.queryStartLoc, "queryStartLoc is required");
    this.seqLens = Objects.requireNonNull(b.seqLens, "seqLens is required");
    this.maxSeqLen = b.maxSeqLen;
    this.kScale = b.kScale;
    this.vScale = b.vScale;
    this.alibiSlopes = b.alibiSlopes;
    this.slidingWindow = b.slidingWindow;
    this.smScale = b.smScale;
    this.outputScale = b.outputScale;
    this.sinks = b.sinks;
    this.isBlockTablePtr = b.isBlockTablePtr;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Tensor query() {
    return query;
  }

  public Tensor output() {
    return output;
  }

  public String kvCacheDtype() {
    return kvCacheDtype;
  }

  public Tensor keyCache() {
    return keyCache;
  }

  public Tensor valueCache() {
    return valueCache;
  }

  public Tensor blockTable() {
    return blockTable;
  }

  public Tensor queryStartLoc() {
    return queryStartLoc;
  }

  public Tensor seqLens() {
    return seqLens;
  }

  /** The longest sequence, used to bucket the shape for tuning (0 = unknown). */
  public int maxSeqLen() {
    return maxSeqLen;
  }

  public Tensor kScale() {
    return kScale;
  }

  public Tensor vScale() {
    return vScale;
  }

  public Tensor alibiSlopes() {
    return alibiSlopes;
  }

  /** The window as the kernel takes it: none or {@code <= 0} mean off (0). */
  public int slidingWindow() {
    return slidingWindow == null || slidingWindow <= 0 ? 0 : slidingWindow;
  }

  /** The softmax scale: given, or {@code 1/sqrt(head_size)} as the wrapper defaults. */
  public double smScale() {
    return smScale != null ? smScale : 1.0 / Math.sqrt(query.dim(2));
  }

  public Tensor outputScale() {
    return outputScale;
  }

  public Tensor sinks() {
    return sinks;
  }

  public boolean isBlockTablePtr() {
    return isBlockTablePtr;
  }

  /** Builds {@link PagedAttentionArgs}. */
  public static final class Builder {
    private Tensor query;
    private Tensor output;
    private String kvCacheDtype;
    private Tensor keyCache;
    private Tensor valueCache;
    private Tensor blockTable;
    private Tensor queryStartLoc;
    private Tensor seqLens;
    private int maxSeqLen;
    private Tensor kScale;
    private Tensor vScale;
    private Tensor alibiSlopes;
    private Integer slidingWindow;
    private Double smScale;
    private Tensor outputScale;
    private Tensor sinks;
    private boolean isBlockTablePtr;

    private Builder() {}

    public Builder query(Tensor t) {
      this.query = t;
      return this;
    }

    public Builder output(Tensor t) {
      this.output = t;
      return this;
    }

    /** {@code auto} (the query dtype), {@code fp8} / {@code fp8_e4m3}, or {@code fp8_e5m2}. */
    public Builder kvCacheDtype(String s) {
      this.kvCacheDtype = s;
      return this;
    }

    public Builder keyCache(Tensor t) {
      this.keyCache = t;
      return this;
    }

    public Builder valueCache(Tensor t) {
      this.valueCache = t;
      return this;
    }

    public Builder blockTable(Tensor t) {
      this.blockTable = t;
      return this;
    }

    public Builder queryStartLoc(Tensor t) {
      this.queryStartLoc = t;
      return this;
    }

    public Builder seqLens(Tensor t) {
      this.seqLens = t;
      return this;
    }

    public Builder maxSeqLen(int n) {
      this.maxSeqLen = n;
      return this;
    }

    public Builder kScale(Tensor t) {
      this.kScale = t;
      return this;
    }

    public Builder vScale(Tensor t) {
      this.vScale = t;
      return this;
    }

    public Builder alibiSlopes(Tensor t) {
      this.alibiSlopes = t;
      return this;
    }

    public Builder slidingWindow(Integer w) {
      this.slidingWindow = w;
      return this;
    }

    public Builder smScale(Double s) {
      this.smScale = s;
      return this;
    }

    public Builder outputScale(Tensor t) {
      this.outputScale = t;
      return this;
    }

    public Builder sinks(Tensor t) {
      this.sinks = t;
      return this;
    }

    public Builder isBlockTablePtr(boolean b) {
      this.isBlockTablePtr = b;
      return this;
    }

    public PagedAttentionArgs build() {
      return new PagedAttentionArgs(this);
    }
  }
}
