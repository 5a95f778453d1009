package dev.kgen.autotune.paged;

import dev.kgen.autotune.Configuration;
import dev.kgen.autotune.Constraint;
import dev.kgen.autotune.TuningSpace;
import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.c.CFamilyEmitter;
import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.codegen.opencl.NvidiaOpenClEmitter;
import dev.kgen.ir.Kernel;
import dev.kgen.errors.KgenResourceLimitException;
import dev.kgen.kernels.paged.PagedAttentionKernel;
import dev.kgen.kernels.paged.PagedAttentionSpec;
import dev.kgen.runtime.paged.PagedAttention;
import dev.kgen.runtime.paged.PagedAttentionConfig;
import java.util.Map;

/**
 * The knobs worth trying for a paged-attention shape on a backend. Only the knobs a backend
 * reads are varied (threads and vector width on GPUs, programs per task on the JVM), and
 * constraints prune what cannot run before anything is compiled.
 */
public final class PagedAttentionSpace {
  /**
   * Shared memory a kernel may use: the staging of up to {@code CFamilyEmitter.STATIC_SHARED_BYTES}
   * and the buffers of tiles copied asynchronously (declared dynamic, opted in at launch) together
   * stay within 96 KiB, which every GPU with those copies (sm_80 on) allows a block: 99 KiB and
   * more.
   */
  public static final int SHARED_LIMIT = 96 * 1024;

  /**
   * First guesses on CUDA with two copy stages ({@link PagedAttentionConfig#COPY_STAGES}), as
   * {TILE_N, PARTITION_TILES, THREADS, VEC}: the fp8 case's choice in r26 and r31, and the split
   * one of r23 (bench/README.md has what two stages measured), tried before {@link #GPU_SUGGESTIONS}.
   */
  private static final int[][] TWO_STAGE_SUGGESTIONS = {{64, 0, 128, 8}, {64, 16, 128, 8}};

  /**
   * First guesses on GPUs, best first, as {TILE_N, PARTITION_TILES, THREADS, VEC}: the
   * configurations that ran fastest since each copy buffer is refilled after its dot
   * (bench/README.md, r30 to r32: 64-token tiles and runs of 8 with 128 threads, split into
   * partitions of 16 tiles for long sequences; 16-token tiles for head 256; 256 threads for the
   * sliding window), then those of r23 and before. Each must be legal for a common shape
   * (PagedAttentionSpaceTest): a 128-token tile is not, at head 128. A search with a small
   * budget starts from these (RandomThenLocalStrategy).
   */
  private static final int[][] GPU_SUGGESTIONS = {
      {64, 0, 128, 8}, {64, 16, 128, 8}, {64, 0, 64, 8}, {16, 64, 64, 8}, {64, 0, 256, 8}, {64, 0, 256, 4},
      {16, 64, 128, 8}, {64, 16, 64, 8}, {32, 4, 64, 8}, {32, 0, 128, 1}, {16, 0, 128, 8}};

  private PagedAttentionSpace() {}

  /**
   * The space for a backend, a spec and the longest sequence of the shape; split-KV partitions
   * are tried only where they would cut the tiles a sequence reads (its window's, if it has one)
   * into at least two.
   */
  public static TuningSpace of(String backend, PagedAttentionSpec spec, int maxSeqLen) {
    PagedAttentionConfig d = PagedAttention.defaultConfig(backend, spec, maxSeqLen);
    TuningSpace.Builder b = TuningSpace.builder().ints(PagedAttentionConfig.TILE_N, 16, 32, 64, 128)
        .ints(PagedAttentionConfig.PARTITION_TILES, 0, 4, 16, 64)
        .constraint(new Constraint("one-partition", "the split would leave the longest sequence in one partition",
            c -> {
              int p = c.getInt(PagedAttentionConfig.PARTITION_TILES);
              return p == 0 || PagedAttention.tilesRead(spec, maxSeqLen, c.getInt(PagedAttentionConfig.TILE_N)) > p;
            }));
    boolean gpu = PagedAttention.gpuDialect(backend);
    // CUDA and NVIDIA's OpenCL (inline PTX) have the asynchronous copies two stages pipeline
    boolean cuda = PagedAttention.tensorCoreDialect(backend);
    // the tensor-core kernel's shared memory, as the dialect's emitter lays it out and limits it
    // (NVIDIA's OpenCL: 48 KiB a work-group, with no opting in to more)
    CFamilyEmitter emitter = backend.equals("opencl-nvidia") ? NvidiaOpenClEmitter.dialect() : CudaEmitter.dialect();
    int sharedLimit = emitter.sharedLimit() > 0 ? emitter.sharedLimit() : SHARED_LIMIT;
    if (gpu) {
      b.ints(PagedAttentionConfig.THREADS, 64, 128, 256).ints(PagedAttentionConfig.VEC, 1, 2, 4, 8);
      if (cuda) {
        b.ints(PagedAttentionConfig.COPY_STAGES, 1, 2); // portable OpenCL has no asynchronous copies to stage
        // a merge in the pass needs a device-wide fence, which portable OpenCL C does not promise
        b.ints(PagedAttentionConfig.MERGE_IN_PASS, 0, 1).constraint(new Constraint("merge-without-split",
            "only a split call has partitions to merge in the pass",
            c -> c.getInt(PagedAttentionConfig.MERGE_IN_PASS) == 0 || c.getInt(PagedAttentionConfig.PARTITION_TILES) > 0));
      }
      b.constraint(new Constraint("shared-memory",
          "the kernel's staging buffers exceed " + sharedLimit + " bytes of shared memory",
          c -> sharedBytes(emitter, spec, toConfig(c, d)) <= sharedLimit));
      if (cuda) {
        for (int[] c : TWO_STAGE_SUGGESTIONS) {
          b.suggest(gpuConfiguration(c[0], c[1], c[2], c[3], 2, true));
        }
      }
      // on CUDA the two-stage guesses take the places of the last one-stage ones: a search of 24
      // candidates samples 12 and should try every guess (PagedSuggestionsTriedTest)
      int oneStage = cuda ? GPU_SUGGESTIONS.length - TWO_STAGE_SUGGESTIONS.length : GPU_SUGGESTIONS.length;
      for (int[] c : java.util.Arrays.copyOf(GPU_SUGGESTIONS, oneStage)) {
        b.suggest(gpuConfiguration(c[0], c[1], c[2], c[3], cuda ? 1 : 0, cuda));
      }
    } else if (backend.equals("jvm")) {
      b.ints(PagedAttentionConfig.PROGRAMS_PER_TASK, 1, 2, 4, 8);
    }
    return b.defaultConfiguration(Configuration.of(restrict(d.toMap(), backend))).build();
  }

  /**
   * {@code copyStages} 0: a backend without the knob; {@code merge}: a backend with the merge in
   * the pass, where a split merges there, as the defaults do.
   */
  private static Configuration gpuConfiguration(int tileN, int partitionTiles, int threads, int vec, int copyStages,
      boolean merge) {
    Configuration.Builder c = Configuration.builder().set(PagedAttentionConfig.TILE_N, tileN)
        .set(PagedAttentionConfig.PARTITION_TILES, partitionTiles).set(PagedAttentionConfig.THREADS, threads)
        .set(PagedAttentionConfig.VEC, vec);
    if (copyStages > 0) {
      c.set(PagedAttentionConfig.COPY_STAGES, copyStages);
    }
    if (merge) {
      c.set(PagedAttentionConfig.MERGE_IN_PASS, partitionTiles > 0 ? 1 : 0);
    }
    return c.build();
  }

  private static Map<String, Object> restrict(Map<String, Object> all, String backend) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put(PagedAttentionConfig.TILE_N, all.get(PagedAttentionConfig.TILE_N));
    m.put(PagedAttentionConfig.PARTITION_TILES, all.get(PagedAttentionConfig.PARTITION_TILES));
    if (PagedAttention.gpuDialect(backend)) {
      m.put(PagedAttentionConfig.THREADS, all.get(PagedAttentionConfig.THREADS));
      m.put(PagedAttentionConfig.VEC, all.get(PagedAttentionConfig.VEC));
      if (PagedAttention.tensorCoreDialect(backend)) {
        m.put(PagedAttentionConfig.COPY_STAGES, all.get(PagedAttentionConfig.COPY_STAGES));
        m.put(PagedAttentionConfig.MERGE_IN_PASS, all.get(PagedAttentionConfig.MERGE_IN_PASS));
      }
    } else if (backend.equals("jvm")) {
      m.put(PagedAttentionConfig.PROGRAMS_PER_TASK, all.get(PagedAttentionConfig.PROGRAMS_PER_TASK));
    }
    return m;
  }

  /** A tuning configuration as the entry point's config; knobs it leaves out keep the defaults. */
  public static PagedAttentionConfig toConfig(Configuration c, PagedAttentionConfig defaults) {
    return PagedAttentionConfig.fromMap(c.asMap(), defaults);
  }

  /** An emitter with a shared limit copies fewer tiles where they would not fit, so only staging can exceed it. */
  private static int sharedBytes(CFamilyEmitter emitter, PagedAttentionSpec spec, PagedAttentionConfig c) {
    try {
      Kernel k = PagedAttentionKernel.DEF.specialize(spec.withTileN(c.tileN()).constexprs());
      return emitter.generate(k, new CodegenOptions(c.threads(), c.vectorWidth(), c.copyStages())).sharedBytes();
    } catch (KgenResourceLimitException tooLarge) {
      return Integer.MAX_VALUE; // the emitter refuses a staging beyond the static limit
    }
  }
}
