package dev.kgen.autotune.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.autotune.Configuration;
import dev.kgen.autotune.TuningSpace;
import dev.kgen.ir.DType;
import dev.kgen.kernels.paged.PagedAttentionSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PagedAttentionSpaceTest {
  private static final PagedAttentionSpec SPEC =
      new PagedAttentionSpec(DType.BF16, DType.BF16, DType.BF16, 32, 8, 128, 16, 8, false, 0, false, true, 16);

  @Test
  void tilesTooLargeToStageArePrunedNotFatal() {
    Configuration wide = Configuration.builder().set("TILE_N", 128).set("PARTITION_TILES", 0).set("THREADS", 64)
        .set("VEC", 1).set("COPY_STAGES", 1).set("MERGE_IN_PASS", 0).build();
    // NVIDIA's OpenCL has 48 KiB a work-group: no copies of 128 x 128 tiles, and their transpose needs 64 KiB
    TuningSpace space = PagedAttentionSpace.of("opencl-nvidia", SPEC, 2048);
    assertTrue(space.check(wide).isPresent(), "a [128,128] transpose needs 64 KiB of shared memory");
    assertFalse(space.check(space.defaultConfiguration()).isPresent());
    // CUDA opts in to more: it copies both tiles (82.7 KB) and the products read the copies
    assertFalse(PagedAttentionSpace.of("cuda", SPEC, 2048).check(wide).isPresent());
  }

  @Test
  void theSuggestionsAreLegalForACommonShape() {
    TuningSpace space = PagedAttentionSpace.of("cuda", SPEC, 2048);
    assertFalse(space.suggestions().isEmpty());
    assertTrue(space.suggestions().stream().allMatch(space::isLegal), space.suggestions().toString());
  }

  @Test
  void nvidiasOpenClTunesAsCudaWithinItsLocalMemory() {
    TuningSpace space = PagedAttentionSpace.of("opencl-nvidia", SPEC, 2048);
    assertFalse(space.check(space.defaultConfiguration()).isPresent(), "CUDA's default fits once fewer tiles are copied");
    assertEquals(Map.of("TILE_N", 64, "PARTITION_TILES", 0, "THREADS", 128, "VEC", 8, "COPY_STAGES", 1, "MERGE_IN_PASS", 0),
        space.defaultConfiguration().asMap());
    assertTrue(space.suggestions().stream().allMatch(space::isLegal), space.suggestions().toString());
    assertTrue(space.suggestions().stream().anyMatch(c -> Integer.valueOf(2).equals(c.asMap().get("COPY_STAGES"))),
        "two stages of fp8 tiles fit its 48 KiB: the fp8 case's CUDA winner is a first guess");
  }

  @Test
  void splitsAreTriedOnlyWhereTheTilesReadSpanTwoPartitions() {
    PagedAttentionSpec windowed =
        new PagedAttentionSpec(DType.BF16, DType.BF16, DType.BF16, 64, 8, 64, 16, 8, false, 128, true, true, 16);
    TuningSpace space = PagedAttentionSpace.of("cuda", windowed, 4096);
    Configuration.Builder c = Configuration.builder().set("THREADS", 128).set("VEC", 8).set("COPY_STAGES", 1)
        .set("MERGE_IN_PASS", 1);
    // a window of 128 tokens reads 3 tiles of 64 (not the sequence's 64) and 9 of 16
    assertEquals("one-partition", space.check(c.set("TILE_N", 64).set("PARTITION_TILES", 4).build()).orElseThrow().constraint());
    assertFalse(space.check(c.set("TILE_N", 16).set("PARTITION_TILES", 4).build()).isPresent());
    TuningSpace full = PagedAttentionSpace.of("cuda", SPEC, 4096);
    assertFalse(full.check(c.set("TILE_N", 64).set("PARTITION_TILES", 16).build()).isPresent(), "64 tiles: four partitions");
  }

  @Test
  void onlySplitsMergeInThePass() {
    TuningSpace space = PagedAttentionSpace.of("cuda", SPEC, 4096);
    Configuration.Builder c = Configuration.builder().set("TILE_N", 64).set("THREADS", 128).set("VEC", 8)
        .set("COPY_STAGES", 1).set("MERGE_IN_PASS", 1);
    assertEquals("merge-without-split", space.check(c.set("PARTITION_TILES", 0).build()).orElseThrow().constraint());
    assertFalse(space.check(c.set("PARTITION_TILES", 16).build()).isPresent());
    // the default of a long context splits and merges in the pass
    assertEquals(1, space.defaultConfiguration().asMap().get("MERGE_IN_PASS"));
    assertEquals(16, space.defaultConfiguration().asMap().get("PARTITION_TILES"));
  }
}
