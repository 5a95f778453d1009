package dev.kgen.kernels.paged;

import dev.kgen.ir.DType;
import java.util.Map;
import java.util.Objects;

/**
 * One paged-attention decode problem: the shapes, dtypes and options of a cases.json entry,
 * plus the knobs the wrapper has that the bench cases do not (fp8 output, an explicit softmax
 * scale, padded strides, a block table of raw pointers).
 *
 * <p>Immutable; build with {@link #builder()}, derive variants with {@link #toBuilder()},
 * read cases.json entries with {@link #fromJson(Map)}. Every invariant is checked when the
 * case is built, so a case that exists can be generated and launched.
 */
public final class PagedAttentionCase {
  /** Block sizes that are not powers of two are walked in tiles of this many tokens. */
  public static final int NON_POW2_LOGICAL_BLOCK = 32;
  /** The padded query-head count of a KV head is never below this (tl.dot needs M >= 16). */
  public static final int MIN_PADDED_QUERIES = 16;
  /** Width of one vector of the K cache's innermost {@code x} dimension, in bytes. */
  public static final int X_BYTES = 16;

  private final String name;
  private final int numSeqs;
  private final int qHeads;
  private final int kvHeads;
  private final int headSize;
  private final int blockSize;
  private final int seqLenMin;
  private final int seqLenMax;
  private final DType dtype;
  private final KvCacheDtype kvCacheDtype;
  private final boolean sinks;
  private final boolean alibi;
  private final int window;
  private final double prefillFrac;
  private final Double outputScale;
  private final Double scale;
  private final boolean paddedStrides;
  private final boolean blockTablePtr;

  private PagedAttentionCase(Builder b) {
    this.name = b.name;
    this.numSeqs = b.numSeqs;
    this.qHeads = b.qHeads;
    this.kvHeads = b.kvHeads;
    this.headSize = b.headSize;
    this.blockSize = b.blockSize;
    this.seqLenMin = b.seqLenMin;
    this.seqLenMax = b.seqLenMax;
    this.dtype = b.dtype;
    this.kvCacheDtype = b.kvCacheDtype;
    this.sinks = b.sinks;
    this.alibi = b.alibi;
    // the wrapper: "if sliding_window is None or sliding_window <= 0: sliding_window = 0"
    this.window = b.window == null || b.window <= 0 ? 0 : b.window;
    this.prefillFrac = b.prefillFrac;
    this.outputScale = b.outputScale;
    this.scale = b.scale;
    this.paddedStrides = b.paddedStrides;
    this.blockTablePtr = b.blockTablePtr;
    validate();
  }

  private void validate() {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("case name must be a non-empty string");
    }
    atLeastOne("num_seqs", numSeqs);
    atLeastOne("q_heads", qHeads);
    atLeastOne("kv_heads", kvHeads);
    atLeastOne("head_size", headSize);
    atLeastOne("block_size", blockSize);
    if (qHeads % kvHeads != 0) {
      throw invalid("q_heads (" + qHeads + ") must be a multiple of kv_heads (" + kvHeads + ")");
    }
    if (seqLenMin > seqLenMax) {
      throw invalid("seq_len range [" + seqLenMin + ", " + seqLenMax + "] must have min <= max");
    }
    if (seqLenMin < 1) {
      throw invalid(
          seqLenMin == seqLenMax
              ? "seq_len (" + seqLenMin + ") must be >= 1"
              : "seq_len range [" + seqLenMin + ", " + seqLenMax + "] must start at >= 1");
    }
    if (dtype != DType.BF16 && dtype != DType.F16) {
      throw invalid("unsupported dtype '" + dtype + "': expected one of bf16, fp16");
    }
    Objects.requireNonNull(kvCacheDtype, "kvCacheDtype");
    DType cache = cacheDType();
    if (headSize % x() != 0) {
      throw invalid(
          "head_size ("
              + headSize
              + ") must be a multiple of x ("
              + x()
              + " = "
              + X_BYTES
              + " bytes / "
              + cache.bytes()
              + "-byte "
              + cache
              + " cache elements)");
    }
    if (!(prefillFrac >= 0 && prefillFrac <= 1)) {
      throw invalid("prefill_frac (" + prefillFrac + ") must be in [0, 1]");
    }
    if (outputScale != null && !(outputScale > 0 && Double.isFinite(outputScale))) {
      throw invalid("output_scale (" + outputScale + ") must be finite and > 0");
    }
    if (scale != null && !(scale > 0 && Double.isFinite(scale))) {
      throw invalid("scale (" + scale + ") must be finite and > 0");
    }
  }

  private void atLeastOne(String field, int value) {
    if (value < 1) {
      throw invalid(field + " (" + value + ") must be >= 1");
    }
  }

  private IllegalArgumentException invalid(String what) {
    return new IllegalArgumentException("case '" + name + "': " + what);
  }

  /**
   * The case described by one parsed cases.json entry (JSON objects as maps, arrays as lists,
   * numbers as {@link Number}). Fields: name, num_seqs, q_heads, kv_heads, head, block,
   * seq_len (int or [min, max]), and optionally dtype, kv, sinks, alibi, window, prefill_frac.
   *
   * @throws IllegalArgumentException naming the case and the field for an unknown or missing
   *     field, a value of the wrong type, or a case that fails validation
   */
  public static PagedAttentionCase fromJson(Map<String, Object> json) {
    return CaseJsonReader.read(json);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.numSeqs = numSeqs;
    b.qHeads = qHeads;
    b.kvHeads = kvHeads;
    b.headSize = headSize;
    b.blockSize = blockSize;
    b.seqLenMin = seqLenMin;
    b.seqLenMax = seqLenMax;
    b.dtype = dtype;
    b.kvCacheDtype = kvCacheDtype;
    b.sinks = sinks;
    b.alibi = alibi;
    b.window = window;
    b.prefillFrac = prefillFrac;
    b.outputScale = outputScale;
    b.scale = scale;
    b.paddedStrides = paddedStrides;
    b.blockTablePtr = blockTablePtr;
    return b;
  }

  // ---- fields ----

  public String name() {
    return name;
  }

  public int numSeqs() {
    return numSeqs;
  }

  public int qHeads() {
    return qHeads;
  }

  public int kvHeads() {
    return kvHeads;
  }

  public int headSize() {
    return headSize;
  }

  /** The physical block size: tokens per block of the caches. */
  public int blockSize() {
    return blockSize;
  }

  public int seqLenMin() {
    return seqLenMin;
  }

  public int seqLenMax() {
    return seqLenMax;
  }

  /** Whether every sequence has the same length ({@code seq_len} given as one number). */
  public boolean fixedSeqLen() {
    return seqLenMin == seqLenMax;
  }

  /** The query (and model) dtype: bf16 or fp16. */
  public DType dtype() {
    return dtype;
  }

  public KvCacheDtype kvCacheDtype() {
    return kvCacheDtype;
  }

  public boolean sinks() {
    return sinks;
  }

  public boolean alibi() {
    return alibi;
  }

  /** The sliding window in tokens; 0 means none. */
  public int window() {
    return window;
  }

  /** Share of sequences that are prefill chunks (query length 16) the decode kernel skips. */
  public double prefillFrac() {
    return prefillFrac;
  }

  /** Whether the output is fp8 e4m3, stored as {@code clamp(acc / outputScale, +-448)}. */
  public boolean fp8Output() {
    return outputScale != null;
  }

  /** The fp8 output scale, or null when the output has the query dtype. */
  public Double outputScale() {
    return outputScale;
  }

  /** The softmax scale given explicitly, or null for the default 1/sqrt(head_size). */
  public Double explicitScale() {
    return scale;
  }

  /** Whether query, output and caches get non-contiguous strides (padding after each dim). */
  public boolean paddedStrides() {
    return paddedStrides;
  }

  /** Whether the block table is handed over as raw 64-bit addresses into the K cache. */
  public boolean blockTablePtr() {
    return blockTablePtr;
  }

  // ---- derived values ----

  /** The softmax scale: the explicit one, else 1/sqrt(head_size). */
  public double scale() {
    return scale != null ? scale : 1.0 / Math.sqrt(headSize);
  }

  /** {@code 1 / output_scale} as the wrapper computes it (in fp32); 1 without fp8 output. */
  public float outScaleInv() {
    return outputScale != null ? 1.0f / outputScale.floatValue() : 1.0f;
  }

  /** The element type of the K and V caches. */
  public DType cacheDType() {
    return kvCacheDtype.storage(dtype);
  }

  /** The element type of the output: fp8 e4m3 with an output scale, else the query dtype. */
  public DType outputDType() {
    return outputScale != null ? DType.FP8E4M3 : dtype;
  }

  /** Query heads per KV head (the GQA group size g; head h reads KV head h / g). */
  public int numQueriesPerKv() {
    return qHeads / kvHeads;
  }

  /** {@code max(next_power_of_2(g), 16)}: the rows of the kernel's Q tile. */
  public int numQueriesPerKvPadded() {
    return Math.max(nextPowerOfTwo(numQueriesPerKv()), MIN_PADDED_QUERIES);
  }

  /** {@code next_power_of_2(head_size)}: the kernel's HEAD_SIZE_PADDED. */
  public int headSizePadded() {
    return nextPowerOfTwo(headSize);
  }

  /** Elements per 16-byte vector of the K cache's innermost dimension. */
  public int x() {
    return X_BYTES / cacheDType().bytes();
  }

  public boolean powerOfTwoBlock() {
    return isPowerOfTwo(blockSize);
  }

  /** The kernel's BLOCK_SIZE: the block size if it is a power of two, else 32. */
  public int logicalBlockSize() {
    return powerOfTwoBlock() ? blockSize : NON_POW2_LOGICAL_BLOCK;
  }

  static boolean isPowerOfTwo(int n) {
    return n > 0 && (n & (n - 1)) == 0;
  }

  static int nextPowerOfTwo(int n) {
    return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PagedAttentionCase)) {
      return false;
    }
    PagedAttentionCase c = (PagedAttentionCase) o;
    return name.equals(c.name)
        && numSeqs == c.numSeqs
        && qHeads == c.qHeads
        && kvHeads == c.kvHeads
        && headSize == c.headSize
        && blockSize == c.blockSize
        && seqLenMin == c.seqLenMin
        && seqLenMax == c.seqLenMax
        && dtype == c.dtype
        && kvCacheDtype == c.kvCacheDtype
        && sinks == c.sinks
        && alibi == c.alibi
        && window == c.window
        && Double.compare(prefillFrac, c.prefillFrac) == 0
        && Objects.equals(outputScale, c.outputScale)
        && Objects.equals(scale, c.scale)
        && paddedStrides == c.paddedStrides
        && blockTablePtr == c.blockTablePtr;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name, numSeqs, qHeads, kvHeads, headSize, blockSize, seqLenMin, seqLenMax, dtype,
        kvCacheDtype, sinks, alibi, window, prefillFrac, outputScale, scale, paddedStrides,
        blockTablePtr);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(name).append('{');
    s.append("seqs=").append(numSeqs);
    s.append(", heads=").append(qHeads).append('/').append(kvHeads);
    s.append(", head_size=").append(headSize);
    s.append(", block=").append(blockSize);
    s.append(", seq_len=")
        .append(fixedSeqLen() ? String.valueOf(seqLenMin) : "[" + seqLenMin + ", " + seqLenMax + "]");
    s.append(", dtype=").append(dtype);
    s.append(", kv=").append(kvCacheDtype);
    if (sinks) {
      s.append(", sinks");
    }
    if (alibi) {
      s.append(", alibi");
    }
    if (window > 0) {
      s.append(", window=").append(window);
    }
    if (prefillFrac > 0) {
      s.append(", prefill_frac=").append(prefillFrac);
    }
    if (outputScale != null) {
      s.append(", output_scale=").append(outputScale);
    }
    if (scale != null) {
      s.append(", scale=").append(scale);
    }
    if (paddedStrides) {
      s.append(", padded_strides");
    }
    if (blockTablePtr) {
      s.append(", block_table_ptr");
    }
    return s.append('}').toString();
  }

  /** Collects the fields of a case; {@link #build()} validates them. */
  public static final class Builder {
    private String name;
    private int numSeqs = 1;
    private int qHeads = 1;
    private int kvHeads = 1;
    private int headSize = 128;
    private int blockSize = 16;
    private int seqLenMin = 1;
    private int seqLenMax = 1;
    private DType dtype = DType.BF16;
    private KvCacheDtype kvCacheDtype = KvCacheDtype.AUTO;
    private boolean sinks;
    private boolean alibi;
    private Integer window = 0;
    private double prefillFrac;
    private Double outputScale;
    private Double scale;
    private boolean paddedStrides;
    private boolean blockTablePtr;

    private Builder() {}

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder numSeqs(int numSeqs) {
      this.numSeqs = numSeqs;
      return this;
    }

    public Builder qHeads(int qHeads) {
      this.qHeads = qHeads;
      return this;
    }

    public Builder kvHeads(int kvHeads) {
      this.kvHeads = kvHeads;
      return this;
    }

    public Builder headSize(int headSize) {
      this.headSize = headSize;
      return this;
    }

    public Builder blockSize(int blockSize) {
      this.blockSize = blockSize;
      return this;
    }

    /** Every sequence has {@code seqLen} tokens of context. */
    public Builder seqLen(int seqLen) {
      this.seqLenMin = seqLen;
      this.seqLenMax = seqLen;
      return this;
    }

    /** Sequence lengths drawn uniformly from {@code [min, max]}, both inclusive. */
    public Builder seqLenRange(int min, int max) {
      this.seqLenMin = min;
      this.seqLenMax = max;
      return this;
    }

    /** The query dtype: {@link DType#BF16} or {@link DType#F16}. */
    public Builder dtype(DType dtype) {
      this.dtype = Objects.requireNonNull(dtype, "dtype");
      return this;
    }

    public Builder kvCacheDtype(KvCacheDtype kvCacheDtype) {
      this.kvCacheDtype = Objects.requireNonNull(kvCacheDtype, "kvCacheDtype");
      return this;
    }

    /** The wrapper's spelling: auto, fp8, fp8_e4m3 or fp8_e5m2. */
    public Builder kvCacheDtype(String kvCacheDtype) {
      return kvCacheDtype(KvCacheDtype.parse(kvCacheDtype));
    }

    public Builder sinks(boolean sinks) {
      this.sinks = sinks;
      return this;
    }

    public Builder alibi(boolean alibi) {
      this.alibi = alibi;
      return this;
    }

    /** The sliding window in tokens; 0, negative or null means none, as in the wrapper. */
    public Builder window(Integer window) {
      this.window = window;
      return this;
    }

    public Builder prefillFrac(double prefillFrac) {
      this.prefillFrac = prefillFrac;
      return this;
    }

    /** An fp8 e4m3 output stored as {@code acc / outputScale}; null for a dtype output. */
    public Builder outputScale(Double outputScale) {
      this.outputScale = outputScale;
      return this;
    }

    /** The softmax scale; null for the default 1/sqrt(head_size). */
    public Builder scale(Double scale) {
      this.scale = scale;
      return this;
    }

    public Builder paddedStrides(boolean paddedStrides) {
      this.paddedStrides = paddedStrides;
      return this;
    }

    public Builder blockTablePtr(boolean blockTablePtr) {
      this.blockTablePtr = blockTablePtr;
      return this;
    }

    public PagedAttentionCase build() {
      return new PagedAttentionCase(this);
    }
  }
}
