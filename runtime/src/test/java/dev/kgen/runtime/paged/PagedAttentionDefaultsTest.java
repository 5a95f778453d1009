package dev.kgen.runtime.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kgen.ir.DType;
import dev.kgen.kernels.paged.PagedAttentionSpec;
import org.junit.jupiter.api.Test;

class PagedAttentionDefaultsTest {
  private static PagedAttentionSpec spec(int window) {
    return new PagedAttentionSpec(DType.BF16, DType.BF16, DType.BF16, 32, 8, 128, 16, 8, false, window, false, true, 16);
  }

  @Test
  void gpusSplitLongSequencesByDefault() {
    assertEquals(16, PagedAttention.defaultConfig("cuda", spec(0), 64 * 33).partitionTiles());
    assertEquals(4, PagedAttention.defaultConfig("opencl", spec(0), 16 * 9).partitionTiles());
  }

  @Test
  void nvidiaDialectsMergeTheirSplitsInThePass() {
    assertEquals(true, PagedAttention.defaultConfig("cuda", spec(0), 64 * 33).mergeInPass());
    assertEquals(true, PagedAttention.defaultConfig("opencl-nvidia", spec(0), 64 * 33).mergeInPass());
    assertEquals(false, PagedAttention.defaultConfig("opencl", spec(0), 16 * 9).mergeInPass(),
        "portable OpenCL C promises no device-wide fence");
    assertEquals(false, PagedAttention.defaultConfig("cuda", spec(0), 64 * 32).mergeInPass(), "one pass: nothing to merge");
  }

  @Test
  void cudaStartsFromWideTilesOf128ThreadsAndRunsOfEight() {
    PagedAttentionConfig d = PagedAttention.defaultConfig("cuda", spec(0));
    assertEquals(64, d.tileN());
    assertEquals(128, d.threads());
    assertEquals(8, d.vectorWidth());
    assertEquals(1, PagedAttention.defaultConfig("opencl", spec(0)).vectorWidth());
  }

  @Test
  void shortSequencesSlidingWindowsAndCpusRunOnePass() {
    assertEquals(0, PagedAttention.defaultConfig("cuda", spec(0), 64 * 32).partitionTiles(), "two partitions or fewer");
    assertEquals(0, PagedAttention.defaultConfig("cuda", spec(128), 4096).partitionTiles(), "the window bounds the work");
    assertEquals(16, PagedAttention.defaultConfig("cuda", spec(4096), 131072).partitionTiles(),
        "a window of 65 tiles spans more than two partitions");
    assertEquals(0, PagedAttention.defaultConfig("cuda", spec(1984), 131072).partitionTiles(), "32 tiles: two partitions");
    assertEquals(0, PagedAttention.defaultConfig("jvm", spec(0), 4096).partitionTiles());
    assertEquals(PagedAttention.defaultConfig("cuda", spec(0)), PagedAttention.defaultConfig("cuda", spec(0), 64));
  }

  @Test
  void headsOf256StartFromTheTilesThatFitTheirDialect() {
    PagedAttentionSpec qwen = new PagedAttentionSpec(DType.BF16, DType.BF16, DType.BF16, 16, 2, 256, 544, 8, false, 0,
        false, true, 32);
    PagedAttentionConfig cuda = PagedAttention.defaultConfig("cuda", qwen, 8192);
    assertEquals(32, cuda.tileN());
    assertEquals(128, cuda.threads());
    assertEquals(64, cuda.partitionTiles(), "256 tiles split in partitions of 64");
    assertEquals(0, PagedAttention.defaultConfig("cuda", qwen, 4096).partitionTiles(), "128 tiles: two partitions");
    PagedAttentionConfig nvidiaOpenCl = PagedAttention.defaultConfig("opencl-nvidia", qwen, 8192);
    assertEquals(16, nvidiaOpenCl.tileN(), "32-token tiles of head 256 exceed 48 KiB of copies");
    assertEquals(64, nvidiaOpenCl.threads());
    assertEquals(16, nvidiaOpenCl.partitionTiles(), "512 tiles split in partitions of 16");
    assertEquals(32, PagedAttention.defaultConfig("opencl", qwen).tileN(), "the portable dialect keeps the seed's tile");
  }
}
