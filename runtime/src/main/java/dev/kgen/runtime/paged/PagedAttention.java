package dev.kgen.runtime.paged;

import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Param;
import dev.kgen.ir.passes.ScalarBinding;
import dev.kgen.kernels.paged.BlockTableFromPointersKernel;
import dev.kgen.kernels.paged.PagedAttentionKernel;
import dev.kgen.kernels.paged.PagedAttentionSpec;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.CompiledKernel;
import dev.kgen.runtime.DeviceBuffer;
import dev.kgen.runtime.LaunchOptions;
import dev.kgen.runtime.Tensor;
import dev.kgen.errors.KgenUserException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The paged-attention decode entry point for Java users: one call with the seed wrapper's
 * arguments. It validates them, picks the specialization, takes the configuration from the
 * tuning cache (or a heuristic default), compiles (or reuses the compiled kernel) and launches
 * one program per (sequence, KV head). Rows whose query length is above 1 (prefill chunks) are
 * skipped and left untouched, as the seed's decode kernel does.
 */
public final class PagedAttention implements AutoCloseable {
  private final Backend backend;
  private final ConfigSource configSource;
  private final LaunchOptions baseOptions;
  private final Map<String, CompiledKernel> compiled = new ConcurrentHashMap<>();
  private final DeviceBuffer one;
  private final List<DeviceBuffer> scratch = new java.util.concurrent.CopyOnWriteArrayList<>();

  public PagedAttention(Backend backend, ConfigSource configSource, LaunchOptions baseOptions) {
    this.backend = backend;
    this.configSource = configSource;
    this.baseOptions = baseOptions;
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    b.putFloat(0, 1.0f);
    this.one = backend.upload(b);
  }

  /** The entry point with the tuning cache when the autotune module is present. */
  public static PagedAttention on(Backend backend) {
    ConfigSource source = ServiceLoader.load(ConfigSource.class).findFirst().orElse(null);
    return new PagedAttention(backend, source, LaunchOptions.defaults());
  }

  /** Without any tuning cache: always the heuristic default configuration. */
  public static PagedAttention untuned(Backend backend) {
    return new PagedAttention(backend, null, LaunchOptions.defaults());
  }

  public Backend backend() {
    return backend;
  }

  /** A sensible configuration before any tuning, per backend. */
  public static PagedAttentionConfig defaultConfig(String backendName, PagedAttentionSpec spec) {
    int tile = PagedAttentionSpec.defaultTile(spec.physicalBlockSize());
    if (backendName.equals("jvm") || backendName.equals("interpreter")) {
      return new PagedAttentionConfig(Math.max(tile, 32), 128, 4, 1);
    }
    if (tensorCoreDialect(backendName)) {
      if (spec.headSizePadded() > 128) {
        // heads of 256 on CUDA: 32-token tiles at 128 threads ran qwen3next_h256_blk544 in
        // 183.7 us (r61, partitions of WIDE_HEAD_PARTITION_TILES), against 247.4 us for 16 tokens
        // and 64 threads; they stopped spilling when the product's fragments came by ldmatrix
        // (r44: 1,270 us). NVIDIA's OpenCL cannot copy such tiles within its 48 KiB (r54: 1.3-1.5
        // ms), so it keeps 16 tokens and 64 threads, every tuning's choice there
        return backendName.equals("cuda") ? new PagedAttentionConfig(32, 128, 8, 1)
            : new PagedAttentionConfig(16, 64, 8, 1);
      }
      // 64-token tiles, runs of 8 copied in the cache's order (the leaders since r23, bench/README.md),
      // 128 threads (ahead of 64 since the copy buffers are refilled after their dots: r32);
      // blocks that are not a power of two keep the seed's tile
      return new PagedAttentionConfig(Integer.bitCount(spec.physicalBlockSize()) == 1 ? 64 : tile, 128, 8, 1);
    }
    // portable OpenCL (PoCL, and NVIDIA's with $KGEN_OPENCL_PTX=0)
    return portableConfig(spec);
  }

  /**
   * Whether kernels of {@code dialect} ({@link Backend#dialect}) have CUDA's tensor cores and
   * asynchronous copies, and so CUDA's defaults: {@code cuda} and {@code opencl-nvidia}.
   */
  public static boolean tensorCoreDialect(String dialect) {
    return dialect.equals("cuda") || dialect.equals("opencl-nvidia");
  }

  /** Whether {@code dialect} runs on a GPU (split-KV pays there). */
  public static boolean gpuDialect(String dialect) {
    return tensorCoreDialect(dialect) || dialect.equals("opencl");
  }

  /**
   * The seed's tile, 128 threads, one element per thread and run: a configuration every spec
   * compiles to on both GPU backends (the OpenCL default, and what the GPU test suites vary).
   */
  public static PagedAttentionConfig portableConfig(PagedAttentionSpec spec) {
    return new PagedAttentionConfig(PagedAttentionSpec.defaultTile(spec.physicalBlockSize()), 128, 1, 1);
  }

  /**
   * Tiles per split-KV partition in the GPU defaults for long sequences: on CUDA 16 of its
   * 64-token tiles (every split case's choice in r23), or {@link #WIDE_HEAD_PARTITION_TILES} of
   * the 32-token tiles of heads above 128; elsewhere 4 (the choice of the runs with 16-token
   * tiles).
   */
  public static int defaultPartitionTiles(String backendName, PagedAttentionSpec spec) {
    if (backendName.equals("cuda") && spec.headSizePadded() > 128) {
      return WIDE_HEAD_PARTITION_TILES;
    }
    return tensorCoreDialect(backendName) ? 16 : 4;
  }

  /**
   * Partitions of heads above 128 on CUDA: 64 tiles of 32 tokens. r61 timed
   * qwen3next_h256_blk544 (256 tiles per sequence) at 183.7 us in partitions of 64 tiles,
   * 189.6 us in 32 and 200.9 us in 16: each partition's accumulator is 16 KB, and fewer of
   * them leave the reduce less to merge.
   */
  private static final int WIDE_HEAD_PARTITION_TILES = 64;

  /**
   * The default for a call whose longest sequence is {@code maxSeqLen} tokens: on GPUs, split-KV
   * with {@link #defaultPartitionTiles} tiles per partition once the tiles a sequence reads (those
   * of its sliding window, if it has one) span more than two partitions (the tuned choice on
   * every full-context public case), merged in the pass on CUDA and NVIDIA's OpenCL (portable
   * OpenCL C promises no device-wide fence: its splits keep the reduce kernel), else
   * {@link #defaultConfig(String, PagedAttentionSpec)}.
   */
  public static PagedAttentionConfig defaultConfig(String backendName, PagedAttentionSpec spec, int maxSeqLen) {
    PagedAttentionConfig d = defaultConfig(backendName, spec);
    boolean gpu = gpuDialect(backendName);
    int tiles = tilesRead(spec, maxSeqLen, d.tileN());
    int perPartition = defaultPartitionTiles(backendName, spec);
    if (!gpu || tiles <= 2 * perPartition) {
      return d;
    }
    return new PagedAttentionConfig(d.tileN(), d.threads(), d.vectorWidth(), d.programsPerTask(), perPartition,
        d.copyStages(), tensorCoreDialect(backendName));
  }

  /**
   * The most tiles of {@code tileN} tokens one sequence of {@code maxSeqLen} tokens reads, which
   * split partitions cover: the whole sequence, or with a sliding window of W tokens at most
   * ceil(W / tileN) + 1 (a window straddles one tile more than it fills).
   */
  public static int tilesRead(PagedAttentionSpec spec, int maxSeqLen, int tileN) {
    int tiles = (maxSeqLen + tileN - 1) / tileN;
    int window = spec.slidingWindow();
    return window > 0 ? Math.min(tiles, (window + tileN - 1) / tileN + 1) : tiles;
  }

  /** Validates the call and derives its compile-time spec (with the default tile). */
  public PagedAttentionSpec spec(PagedAttentionArgs args) {
    Tensor kc = args.keyCache();
    int block = kc.rank() == 5 ? (int) kc.dim(3) : 16;
    return PagedAttentionValidator.validate(args, PagedAttentionSpec.defaultTile(Math.max(block, 1)));
  }

  /** Runs the call with the cached or default configuration. */
  public void forward(PagedAttentionArgs args) {
    PagedAttentionSpec spec = spec(args);
    Prepared p = prepare(args, spec);
    PagedAttentionConfig config = Optional.ofNullable(configSource)
        .flatMap(s -> s.configFor(backend, this, p, args.maxSeqLen()))
        .orElse(defaultConfig(backend.dialect(), spec, args.maxSeqLen()));
    p.run(config, false);
  }

  /** Runs the call with an explicit configuration. */
  public void forward(PagedAttentionArgs args, PagedAttentionConfig config) {
    prepare(args, spec(args)).run(config, false);
  }

  /** Validates and binds a call once, so the tuner and benchmarks can launch it repeatedly. */
  public Prepared prepare(PagedAttentionArgs args) {
    return prepare(args, spec(args));
  }

  private Prepared prepare(PagedAttentionArgs a, PagedAttentionSpec spec) {
    Map<String, Object> bound = new HashMap<>();
    Tensor q = a.query();
    Tensor out = a.output();
    Tensor kc = a.keyCache();
    Tensor vc = a.valueCache();
    bound.put("output_ptr", out.buffer());
    bound.put("query_ptr", q.buffer());
    bound.put("key_cache_ptr", kc.buffer());
    bound.put("value_cache_ptr", vc.buffer());
    bound.put("sink_ptr", a.sinks() == null ? one : a.sinks().buffer());
    bound.put("seq_lens_ptr", a.seqLens().buffer());
    bound.put("alibi_slopes_ptr", a.alibiSlopes() == null ? one : a.alibiSlopes().buffer());
    bound.put("query_start_len_ptr", a.queryStartLoc().buffer());
    bound.put("scale", (float) a.smScale());
    bound.put("k_scale", a.kScale() == null ? one : a.kScale().buffer());
    bound.put("v_scale", a.vScale() == null ? one : a.vScale().buffer());
    bound.put("out_scale_inv", a.outputScale() == null ? one : reciprocal(a.outputScale()));
    bound.put("block_table_stride", a.blockTable().stride(0));
    bound.put("query_stride_0", q.stride(0));
    bound.put("query_stride_1", q.stride(1));
    bound.put("output_stride_0", out.stride(0));
    bound.put("output_stride_1", out.stride(1));
    for (int i = 0; i < 5; i++) {
      bound.put("stride_k_cache_" + i, kc.stride(i));
    }
    for (int i = 0; i < 4; i++) {
      bound.put("stride_v_cache_" + i, vc.stride(i));
    }
    int numSeqs = (int) a.seqLens().dim(0);
    if (a.isBlockTablePtr()) {
      bound.put("block_tables_ptr", indexTable(a.blockTable(), kc));
    } else {
      bound.put("block_tables_ptr", a.blockTable().buffer());
    }
    return new Prepared(spec, bound, new int[] {numSeqs, spec.numKvHeads(), 1}, numSeqs, a.maxSeqLen(), a.seqLens());
  }

  /** {@code count} zero ints. */
  private static ByteBuffer zeros(int count) {
    return ByteBuffer.allocate(Math.max(4, count * 4)).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** {@code 1 / output_scale} in a new one-element buffer, as the wrapper computes it. */
  private DeviceBuffer reciprocal(Tensor scale) {
    ByteBuffer b = ByteBuffer.allocate((int) Math.max(4, scale.buffer().bytes())).order(ByteOrder.LITTLE_ENDIAN);
    backend.download(scale.buffer(), b);
    float s = b.getFloat(0);
    if (!(s > 0) || Float.isInfinite(s)) {
      throw new KgenUserException("output_scale must be a positive finite number, got " + s);
    }
    ByteBuffer inv = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    inv.putFloat(0, 1.0f / s);
    return backend.upload(inv);
  }

  /** Converts a table of raw block addresses to block indices on the device. */
  private DeviceBuffer indexTable(Tensor pointers, Tensor keyCache) {
    long count = pointers.dim(0) * pointers.stride(0);
    if (count > Integer.MAX_VALUE) {
      throw new KgenUserException("block_table has " + count + " entries; at most " + Integer.MAX_VALUE + " are supported");
    }
    DeviceBuffer indices = backend.allocate(Math.max(4, count * 4));
    Kernel k = BlockTableFromPointersKernel.DEF.specialize(Map.of());
    CompiledKernel ck = compiled(k, baseOptions);
    long base = backend.address(keyCache.buffer());
    long blockBytes = keyCache.stride(0) * keyCache.dtype().bytes();
    int programs = (int) ((count + BlockTableFromPointersKernel.BLOCK - 1) / BlockTableFromPointersKernel.BLOCK);
    backend.launch(ck, new int[] {Math.max(1, programs), 1, 1},
        List.of(indices, pointers.buffer(), (int) count, base, blockBytes));
    return indices;
  }

  private CompiledKernel compiled(Kernel k, LaunchOptions options) {
    return compiled.computeIfAbsent(k.contentHash() + "|" + options, key -> backend.compile(k, options));
  }

  @Override
  public void close() {
    scratch.forEach(DeviceBuffer::close);
    scratch.clear();
    one.close();
  }

  /** A validated, bound call: launch it with any configuration. */
  public final class Prepared {
    private final PagedAttentionSpec spec;
    private final Map<String, Object> bound;
    private final int[] grid;
    private final int numSeqs;
    private final Tensor seqLens;
    private int maxSeqLen;
    private final Map<String, Map<String, Object>> partials = new ConcurrentHashMap<>();
    private final Map<PagedAttentionConfig, Kernel> kernels = new ConcurrentHashMap<>();

    private Prepared(PagedAttentionSpec spec, Map<String, Object> bound, int[] grid, int numSeqs, int maxSeqLen,
        Tensor seqLens) {
      this.spec = spec;
      this.bound = bound;
      this.grid = grid;
      this.numSeqs = numSeqs;
      this.maxSeqLen = maxSeqLen;
      this.seqLens = seqLens;
    }

    /** The longest sequence: given by the caller, else read once from the device's seq_lens. */
    public synchronized int maxSeqLen() {
      if (maxSeqLen <= 0) {
        ByteBuffer host = ByteBuffer.allocate((int) seqLens.buffer().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        backend.download(seqLens.buffer(), host);
        for (int i = 0; i < numSeqs; i++) {
          maxSeqLen = Math.max(maxSeqLen, host.getInt((int) (i * seqLens.stride(0) * 4)));
        }
      }
      return maxSeqLen;
    }

    /** Partitions per sequence at most, for a split configuration ({@link #tilesRead}). */
    public int maxPartitions(PagedAttentionConfig config) {
      int tiles = tilesRead(spec, maxSeqLen(), config.tileN());
      return Math.max(1, (tiles + config.partitionTiles() - 1) / config.partitionTiles());
    }

    /**
     * Scratch buffers for the partials of a split configuration, allocated once per shape, and
     * the arrival counters of a merge in the pass, one per sequence and KV head: zero, and zero
     * again after every call (the last partition to arrive resets its counter).
     */
    private Map<String, Object> partialArgs(PagedAttentionConfig config) {
      int parts = maxPartitions(config);
      return partials.computeIfAbsent(parts + "x" + spec.numQueryHeads(), key -> {
        long rows = (long) numSeqs * spec.numQueryHeads() * parts;
        DeviceBuffer max = backend.allocate(rows * 4);
        DeviceBuffer sum = backend.allocate(rows * 4);
        DeviceBuffer acc = backend.allocate(rows * spec.headSizePadded() * 4);
        DeviceBuffer counters = backend.upload(zeros(numSeqs * spec.numKvHeads()));
        scratch.addAll(List.of(max, sum, acc, counters));
        Map<String, Object> m = new HashMap<>();
        m.put("partition_counter_ptr", counters);
        m.put("partial_max_ptr", max);
        m.put("partial_sum_ptr", sum);
        m.put("partial_acc_ptr", acc);
        m.put("partial_stride_seq", (long) spec.numQueryHeads() * parts);
        m.put("partial_stride_head", (long) parts);
        return m;
      });
    }

    public PagedAttentionSpec spec() {
      return spec;
    }

    public int numSeqs() {
      return numSeqs;
    }

    /** Zeros the merge's arrival counters again, after a launch that failed part-way may have left some counted. */
    private void resetCounters(Map<String, Object> partialArgs) {
      DeviceBuffer counters = (DeviceBuffer) partialArgs.get("partition_counter_ptr");
      backend.upload(counters, zeros(numSeqs * spec.numKvHeads()));
    }

    private Map<String, Object> constexprs(PagedAttentionConfig config) {
      Map<String, Object> c = new HashMap<>(spec.withTileN(config.tileN()).constexprs());
      c.put("PARTITION_TILES", config.partitionTiles());
      c.put("MERGE_IN_PASS", config.mergeInPass());
      return c;
    }

    /**
     * The specialized kernel a configuration runs (the partition pass, when split), with the
     * call's cache strides bound as constants: fixed for a model's caches, they let the generator
     * prove a cache's runs of elements consecutive and aligned (no run-time tests, no fallback
     * path) and turn the products of the address arithmetic into shifts. A call with other
     * strides compiles its own kernel.
     */
    public Kernel kernel(PagedAttentionConfig config) {
      return kernels.computeIfAbsent(config, c -> {
        Map<String, Long> strides = new HashMap<>();
        PagedAttentionKernel.CACHE_STRIDES.forEach(name -> strides.put(name, (Long) bound.get(name)));
        return new ScalarBinding(strides).apply(PagedAttentionKernel.DEF.specialize(constexprs(c)));
      });
    }

    /** The kernel that merges the partitions of a split configuration. */
    public Kernel reduceKernel(PagedAttentionConfig config) {
      return PagedAttentionKernel.reduceFor(constexprs(config));
    }

    /** Compiles (or reuses) the configuration's kernels without launching them. */
    public CompiledKernel compile(PagedAttentionConfig config) {
      if (config.split() && !config.mergeInPass()) {
        compiled(reduceKernel(config), config.launchOptions(baseOptions));
      }
      return compiled(kernel(config), config.launchOptions(baseOptions));
    }

    private List<Object> arguments(Kernel k, Map<String, Object> extra) {
      List<Object> args = new ArrayList<>();
      for (Param p : k.params()) {
        Object v = extra.containsKey(p.name()) ? extra.get(p.name()) : bound.get(p.name());
        if (v == null) {
          throw new IllegalStateException("no argument bound for kernel parameter " + p.name());
        }
        args.add(p.dtype() == DType.I64 && v instanceof Number n ? (Object) n.longValue() : v);
      }
      return args;
    }

    /**
     * Launches once; with {@code timed}, returns the device-clock seconds of the launch (both
     * kernels, when split).
     */
    public double run(PagedAttentionConfig config, boolean timed) {
      CompiledKernel ck = compile(config);
      if (!config.split()) {
        return launch(ck, grid, arguments(ck.kernel(), Map.of()), timed);
      }
      Map<String, Object> extra = partialArgs(config);
      int[] splitGrid = {grid[0], grid[1], maxPartitions(config)};
      if (config.mergeInPass()) {
        try {
          return launch(ck, splitGrid, arguments(ck.kernel(), extra), timed);
        } catch (RuntimeException failed) {
          resetCounters(extra);
          throw failed;
        }
      }
      CompiledKernel reduce = compiled(reduceKernel(config), config.launchOptions(baseOptions));
      List<Object> passArgs = arguments(ck.kernel(), extra);
      List<Object> reduceArgs = arguments(reduce.kernel(), extra);
      if (timed) {
        return backend.timeLaunches(List.of(new Backend.Launch(ck, splitGrid, passArgs),
            new Backend.Launch(reduce, grid, reduceArgs)));
      }
      backend.launch(ck, splitGrid, passArgs);
      backend.launch(reduce, grid, reduceArgs);
      return 0;
    }

    /** One launch of one kernel; with {@code timed}, its device-clock seconds, else 0. */
    private double launch(CompiledKernel ck, int[] g, List<Object> args, boolean timed) {
      if (timed) {
        return backend.timeLaunch(ck, g, args);
      }
      backend.launch(ck, g, args);
      return 0;
    }
  }
}
