package dev.kgen.codegen.c;

import dev.kgen.codegen.c.CopiedTiles.Extra;
import static dev.kgen.codegen.c.CopiedTiles.count;
import static dev.kgen.codegen.c.CopiedTiles.paged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.ir.DType;
import org.junit.jupiter.api.Test;

/**
 * Copies started ahead of their iteration: with two stages, which loops are pipelined, what runs
 * ahead of an iteration and how the dots' waits count the groups; with one, each buffer refilled
 * right after its dot. (The results are checked on a GPU by the CUDA suite's cases.)
 */
class CopyPipelineTest {
  private static final CodegenOptions ONE = new CodegenOptions(128, 8);
  private static final CodegenOptions TWO = new CodegenOptions(128, 8, 2);

  @Test
  void theFirstTileIsCopiedAheadOfTheLoopAndEachIterationCopiesTheNext() {
    GeneratedKernel g = CudaEmitter.emit(paged(128, 32, DType.BF16), TWO);
    String src = g.source();
    int loop = src.indexOf("for (int j = 0; j < num_blocks; ++j)");
    int prologue = src.indexOf("const int kgen_first = 0;");
    int prefetch = src.indexOf("const int kgen_next = j + 1;");
    assertTrue(0 < prologue && prologue < loop && loop < prefetch, "prologue, loop, then the next tile's copies");
    assertEquals(4, count(src, "kgen_copy_async16(kgen_dst, "), "K and V, ahead of the loop and in it");
    assertEquals(0, count(src.substring(src.indexOf("kgen_copy4352_at = kgen_copy4352 + ((j - (0)) & 1)")),
        "kgen_copy_async16"), "the body itself starts no copies");
    assertTrue(src.contains("if (kgen_next < num_blocks) {"), "nothing is read past the last tile");
    assertEquals(4, count(src, "kgen_copy_commit(); // nothing to copy past the end"),
        "past the end each load still commits its group, so the waits count the same groups");
    // groups in flight at QK: V of this tile, K and V of the next; at PV: the next tile's two
    assertTrue(src.indexOf("kgen_copy_wait<3>();") < src.indexOf("kgen_copy_wait<2>();"));
    assertFalse(src.contains("kgen_copy_wait<1>();") || src.contains("kgen_copy_wait<0>();"));
    // a second stage of each buffer: K 32 x 136, V 128 x 40 bf16 elements
    assertTrue(src.contains("kgen_copy4352 + ((kgen_next - (0)) & 1) * 4352;"));
    assertTrue(src.contains("kgen_copy21760 + ((kgen_next - (0)) & 1) * 5120;"));
    int oneStage = CudaEmitter.emit(paged(128, 32, DType.BF16), ONE).sharedBytes();
    assertEquals(oneStage + 32 * 136 * 2 + 128 * 40 * 2, g.sharedBytes());
  }

  @Test
  void theBodyLeavesOutWhatOnlyTheCopiesRead() {
    String src = CudaEmitter.emit(paged(128, 32, DType.BF16), TWO).source();
    String body = src.substring(src.indexOf("kgen_copy4352_at = kgen_copy4352 + ((j - (0)) & 1)"));
    assertFalse(body.contains("k_offset") || body.contains("v_offset"), "the offsets of K and V ran ahead");
    assertTrue(body.contains("start_n"), "the scores' mask still needs the tile's first token");
  }

  @Test
  void oneStageRefillsEachBufferRightAfterTheDotThatReadIt() {
    String src = CudaEmitter.emit(paged(128, 32, DType.BF16), ONE).source();
    assertEquals(src, CudaEmitter.emit(paged(128, 32, DType.BF16), new CodegenOptions(128, 8, 1)).source());
    int prologue = src.indexOf("const int kgen_first = 0;");
    int loop = src.indexOf("for (int j = 0; j < num_blocks; ++j)");
    int qk = src.indexOf("kgen_mma_bf16(kgen_as, kgen_bt");
    int nextK = src.indexOf("const int kgen_next = j + 1;");
    int pv = src.indexOf("kgen_mma_bf16(kgen_as, kgen_bt", qk + 1);
    int nextV = src.indexOf("const int kgen_next_1 = j + 1;");
    assertTrue(0 < prologue && prologue < loop && loop < qk && qk < nextK && nextK < pv && pv < nextV,
        "K and V ahead of the loop; in it, each tile's next copies right after its product");
    assertTrue(src.indexOf("__syncthreads();", qk) < nextK, "after the barrier behind the product: no thread reads K any more");
    assertEquals(0, count(src.substring(loop, qk), "kgen_copy_async16"), "nothing is copied at the top of the body");
    assertEquals(2, count(src.substring(nextK, pv), "kgen_copy_commit();"), "K alone: its group, or the empty one");
    // at QK: V of this tile is in flight; at PV: K of the next one
    assertEquals(2, count(src, "kgen_copy_wait<1>();"));
    assertFalse(src.contains("kgen_copy_wait<0>();"));
    assertEquals(4, count(src, "kgen_copy_commit(); // nothing to copy past the end"),
        "two in the prologue, one in each refill");
    GeneratedKernel two = CudaEmitter.emit(paged(128, 32, DType.BF16), TWO);
    assertEquals(two.sharedBytes() - 32 * 136 * 2 - 128 * 40 * 2, CudaEmitter.emit(paged(128, 32, DType.BF16), ONE).sharedBytes(),
        "one buffer per tile");
  }

  @Test
  void stagesBeyondTheBudgetFallBackToOneRefilled() {
    // three tiles of 64 x 128 bf16: one stage of each (51 KiB) fits the copies' budget, two do not
    String src = CudaEmitter.emit(CopiedTiles.loopDot(3, Extra.NONE), TWO).source();
    assertFalse(src.contains("_at = "), "no stage views");
    assertEquals(6, count(src, "kgen_copy_async16(kgen_dst, "), "three tiles, ahead of the loop and refilled");
    assertEquals(3, count(src, "kgen_copy_wait<2>();"), "between a tile's copies and its dot the two others start theirs");
    assertTrue(CudaEmitter.emit(CopiedTiles.loopDot(2, Extra.NONE), TWO).source().contains("_at = "), "positive control");
  }

  @Test
  void aLoopThatCannotRunAheadCopiesAtTheTopOfItsBody() {
    for (Extra e : new Extra[] {Extra.CARRIED_OFFSET, Extra.STORE, Extra.RETURN}) {
      String src = CudaEmitter.emit(CopiedTiles.loopDot(1, e), ONE).source();
      assertFalse(src.contains("kgen_next"), e.name());
      assertEquals(1, count(src, "kgen_copy_async16(kgen_dst, "), e.name());
      assertEquals(1, count(src, "kgen_copy_wait<0>();"), e.name());
    }
  }

  @Test
  void aLoopWhoseAddressesItCarriesOrThatStoresOrReturnsIsNotPipelined() {
    assertTrue(CudaEmitter.emit(CopiedTiles.loopDot(1, Extra.NONE), TWO).source().contains("kgen_next"), "positive control");
    assertFalse(CudaEmitter.emit(CopiedTiles.loopDot(1, Extra.CARRIED_OFFSET), TWO).source().contains("kgen_next"));
    assertFalse(CudaEmitter.emit(CopiedTiles.loopDot(1, Extra.STORE), TWO).source().contains("kgen_next"));
    assertFalse(CudaEmitter.emit(CopiedTiles.loopDot(1, Extra.RETURN), TWO).source().contains("kgen_next"));
  }
}
