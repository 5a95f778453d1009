package dev.kgen.runtime.paged;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.runtime.LaunchOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tunable knobs of a paged-attention launch: the logical tile width (tokens per loop
 * iteration), the GPU emitters' threads per program and vector width, the JVM backend's
 * programs per task, split-KV: tiles per partition (0 = one pass over the whole sequence), the
 * copy stages of K and V on CUDA (2: the next tile's copies start before the current one is
 * computed on; see {@code CodegenOptions}), and whether a split call merges its partitions in the
 * pass (the last partition of each sequence and KV head to finish) instead of a second kernel.
 */
public record PagedAttentionConfig(int tileN, int threads, int vectorWidth, int programsPerTask, int partitionTiles,
    int copyStages, boolean mergeInPass) {
  public static final String TILE_N = "TILE_N";
  public static final String THREADS = "THREADS";
  public static final String VEC = "VEC";
  public static final String PROGRAMS_PER_TASK = "PROGRAMS_PER_TASK";
  public static final String PARTITION_TILES = "PARTITION_TILES";
  public static final String COPY_STAGES = "COPY_STAGES";
  public static final String MERGE_IN_PASS = "MERGE_IN_PASS";

  public PagedAttentionConfig {
    if (tileN < 1 || Integer.bitCount(tileN) != 1) {
      throw new IllegalArgumentException(TILE_N + " must be a power of two, got " + tileN);
    }
    if (programsPerTask < 1) {
      throw new IllegalArgumentException(PROGRAMS_PER_TASK + " must be >= 1, got " + programsPerTask);
    }
    if (partitionTiles < 0) {
      throw new IllegalArgumentException(PARTITION_TILES + " must be >= 0 (0 = no split), got " + partitionTiles);
    }
    if (mergeInPass && partitionTiles == 0) {
      throw new IllegalArgumentException(MERGE_IN_PASS + " needs a split (" + PARTITION_TILES + " > 0)");
    }
    new CodegenOptions(threads, vectorWidth, copyStages); // validates the three
  }

  /** Partitions merged by the reduce kernel. */
  public PagedAttentionConfig(int tileN, int threads, int vectorWidth, int programsPerTask, int partitionTiles,
      int copyStages) {
    this(tileN, threads, vectorWidth, programsPerTask, partitionTiles, copyStages, false);
  }

  /** One copy stage. */
  public PagedAttentionConfig(int tileN, int threads, int vectorWidth, int programsPerTask, int partitionTiles) {
    this(tileN, threads, vectorWidth, programsPerTask, partitionTiles, 1);
  }

  /** A single-pass configuration. */
  public PagedAttentionConfig(int tileN, int threads, int vectorWidth, int programsPerTask) {
    this(tileN, threads, vectorWidth, programsPerTask, 0);
  }

  public boolean split() {
    return partitionTiles > 0;
  }

  /** This configuration with its partitions merged in the pass or by the reduce kernel. */
  public PagedAttentionConfig withMergeInPass(boolean merge) {
    return new PagedAttentionConfig(tileN, threads, vectorWidth, programsPerTask, partitionTiles, copyStages, merge);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(TILE_N, tileN);
    m.put(THREADS, threads);
    m.put(VEC, vectorWidth);
    m.put(PROGRAMS_PER_TASK, programsPerTask);
    m.put(PARTITION_TILES, partitionTiles);
    m.put(COPY_STAGES, copyStages);
    m.put(MERGE_IN_PASS, mergeInPass ? 1 : 0);
    return m;
  }

  /** Reads a configuration map; missing knobs take the given defaults' values. */
  public static PagedAttentionConfig fromMap(Map<String, ?> m, PagedAttentionConfig defaults) {
    return new PagedAttentionConfig(
        intOf(m, TILE_N, defaults.tileN),
        intOf(m, THREADS, defaults.threads),
        intOf(m, VEC, defaults.vectorWidth),
        intOf(m, PROGRAMS_PER_TASK, defaults.programsPerTask),
        intOf(m, PARTITION_TILES, defaults.partitionTiles),
        intOf(m, COPY_STAGES, defaults.copyStages),
        boolOf(m, MERGE_IN_PASS, defaults.mergeInPass && intOf(m, PARTITION_TILES, defaults.partitionTiles) > 0));
  }

  private static boolean boolOf(Map<String, ?> m, String key, boolean fallback) {
    Object v = m.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String text = v.toString();
    if (text.equals("true") || text.equals("1")) {
      return true;
    }
    if (text.equals("false") || text.equals("0")) {
      return false;
    }
    throw new IllegalArgumentException(key + " must be 1 or 0 (true or false), got " + text);
  }

  private static int intOf(Map<String, ?> m, String key, int fallback) {
    Object v = m.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n) {
      return n.intValue();
    }
    return Integer.parseInt(v.toString());
  }

  public LaunchOptions launchOptions(LaunchOptions base) {
    return new LaunchOptions(new CodegenOptions(threads, vectorWidth, copyStages), programsPerTask, base.parallelism());
  }

  /**
   * e.g. {@code TILE_N=32,THREADS=128,VEC=4,PROGRAMS_PER_TASK=1,PARTITION_TILES=0,COPY_STAGES=1}, and
   * {@code ,MERGE_IN_PASS=1} where it holds.
   */
  @Override
  public String toString() {
    return TILE_N + "=" + tileN + "," + THREADS + "=" + threads + "," + VEC + "=" + vectorWidth + ","
        + PROGRAMS_PER_TASK + "=" + programsPerTask + "," + PARTITION_TILES + "=" + partitionTiles + ","
        + COPY_STAGES + "=" + copyStages + (mergeInPass ? "," + MERGE_IN_PASS + "=1" : "");
  }
}
