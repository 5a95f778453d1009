package dev.kgen.autotune.paged;

import dev.kgen.autotune.Configuration;
import dev.kgen.autotune.Constraint;
import dev.kgen.autotune.TuningSpace;
import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.errors.KgenInternalError;
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
  /** Static shared memory a CUDA block may use without opting in. */
  public static final int SHARED_LIMIT = 48 * 1024;

  private PagedAttentionSpace() {}

  /**
   * The space for a backend, a spec and the longest sequence of the shape; split-KV partitions
   * are tried only where they would cut a sequence into at least two.
   */
  public static TuningSpace of(String backend, PagedAttentionSpec spec, int maxSeqLen) {
    PagedAttentionConfig d = PagedAttention.defaultConfig(backend, spec, maxSeqLen);
    TuningSpace.Builder b = TuningSpace.builder().ints(PagedAttentionConfig.TILE_N, 16, 32, 64, 128)
        .ints(PagedAttentionConfig.PARTITION_TILES, 0, 4, 16, 64)
        .constraint(new Constraint("one-partition", "the split would leave the longest sequence in one partition",
            c -> {
              int p = c.getInt(PagedAttentionConfig.PARTITION_TILES);
              int tiles = (maxSeqLen + c.getInt(PagedAttentionConfig.TILE_N) - 1) / c.getInt(PagedAttentionConfig.TILE_N);
              return p == 0 || tiles > p;
            }));
    boolean gpu = backend.equals("cuda") || backend.equals("opencl");
    if (gpu) {
      b.ints(PagedAttentionConfig.THREADS, 64, 128, 256).ints(PagedAttentionConfig.VEC, 1, 2, 4, 8);
      b.constraint(new Constraint("shared-memory",
          "the kernel's staging buffers exceed " + SHARED_LIMIT + " bytes of shared memory",
          c -> sharedBytes(spec, toConfig(c, d)) <= SHARED_LIMIT));
      // first guesses from earlier GPU runs: one element per thread and run (VEC=1), wide
      // programs, single pass or split into partitions of 4 or 16 tiles
      for (int threads : new int[] {256, 128}) {
        for (int partition : new int[] {0, 4, 16}) {
          b.suggest(gpuConfiguration(d.tileN(), partition, threads, 1));
        }
      }
      // runs of 4 and 8: one 8- or 16-byte access per run where K and V are contiguous (CUDA);
      // since runs are proven affine at generation time they need no more registers than VEC=1
      for (int vec : new int[] {8, 4}) {
        for (int partition : new int[] {0, 4}) {
          b.suggest(gpuConfiguration(d.tileN(), partition, 128, vec));
        }
      }
      b.suggest(gpuConfiguration(d.tileN(), 4, 256, 8));
    } else if (backend.equals("jvm")) {
      b.ints(PagedAttentionConfig.PROGRAMS_PER_TASK, 1, 2, 4, 8);
    }
    return b.defaultConfiguration(Configuration.of(restrict(d.toMap(), backend))).build();
  }

  private static Configuration gpuConfiguration(int tileN, int partitionTiles, int threads, int vec) {
    return Configuration.builder().set(PagedAttentionConfig.TILE_N, tileN)
        .set(PagedAttentionConfig.PARTITION_TILES, partitionTiles).set(PagedAttentionConfig.THREADS, threads)
        .set(PagedAttentionConfig.VEC, vec).build();
  }

  private static Map<String, Object> restrict(Map<String, Object> all, String backend) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put(PagedAttentionConfig.TILE_N, all.get(PagedAttentionConfig.TILE_N));
    m.put(PagedAttentionConfig.PARTITION_TILES, all.get(PagedAttentionConfig.PARTITION_TILES));
    if (backend.equals("cuda") || backend.equals("opencl")) {
      m.put(PagedAttentionConfig.THREADS, all.get(PagedAttentionConfig.THREADS));
      m.put(PagedAttentionConfig.VEC, all.get(PagedAttentionConfig.VEC));
    } else if (backend.equals("jvm")) {
      m.put(PagedAttentionConfig.PROGRAMS_PER_TASK, all.get(PagedAttentionConfig.PROGRAMS_PER_TASK));
    }
    return m;
  }

  /** A tuning configuration as the entry point's config; knobs it leaves out keep the defaults. */
  public static PagedAttentionConfig toConfig(Configuration c, PagedAttentionConfig defaults) {
    return PagedAttentionConfig.fromMap(c.asMap(), defaults);
  }

  private static int sharedBytes(PagedAttentionSpec spec, PagedAttentionConfig c) {
    try {
      return CudaEmitter.emit(PagedAttentionKernel.DEF.specialize(spec.withTileN(c.tileN()).constexprs()),
          new CodegenOptions(c.threads(), c.vectorWidth())).sharedBytes();
    } catch (KgenInternalError tooLarge) {
      return Integer.MAX_VALUE; // the emitter refuses a staging beyond the static limit
    }
  }
}
