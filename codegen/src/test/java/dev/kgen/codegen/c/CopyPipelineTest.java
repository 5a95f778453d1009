package dev.kgen.codegen.c;

import static dev.kgen.codegen.c.CopiedTiles.count;
import static dev.kgen.codegen.c.CopiedTiles.paged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two copy stages: which loops are pipelined, what runs ahead of an iteration and how the dots'
 * waits count the groups. (The results are checked on a GPU by the CUDA suite's two-stage cases.)
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
  void oneStageIsTheLoopAsBefore() {
    assertEquals(CudaEmitter.emit(paged(128, 32, DType.BF16), ONE).source(),
        CudaEmitter.emit(paged(128, 32, DType.BF16), new CodegenOptions(128, 8, 1)).source());
    assertFalse(CudaEmitter.emit(paged(128, 32, DType.BF16), ONE).source().contains("kgen_next"));
  }

  @Test
  void stagesBeyondTheBudgetFallBackToOne() {
    // three tiles of 64 x 128 bf16: one stage of each (51 KiB) fits the copies' budget, two do not
    String src = CudaEmitter.emit(loopDot(3, false, false), TWO).source();
    assertFalse(src.contains("kgen_next"));
    assertEquals(3, count(src, "kgen_copy_async16(kgen_dst, "));
    assertEquals(3, count(src, "kgen_copy_wait<0>();"), "each tile is loaded just before its dot");
    assertTrue(CudaEmitter.emit(loopDot(2, false, false), TWO).source().contains("kgen_next"), "positive control");
  }

  @Test
  void aLoopWhoseAddressesItCarriesOrThatStoresIsNotPipelined() {
    assertTrue(CudaEmitter.emit(loopDot(1, false, false), TWO).source().contains("kgen_next"), "positive control");
    assertFalse(CudaEmitter.emit(loopDot(1, true, false), TWO).source().contains("kgen_next"));
    assertFalse(CudaEmitter.emit(loopDot(1, false, true), TWO).source().contains("kgen_next"));
  }

  /**
   * {@code acc += a @ trans(x_i)} over {@code tiles} loaded tiles x_i of 64 x 128 bf16 an
   * iteration: at {@code j * tiles * 8192}, or at an offset the loop carries when
   * {@code carriedOffset}; with a store in the body when {@code stores}.
   */
  private static Kernel loopDot(int tiles, boolean carriedOffset, boolean stores) {
    return KernelDef.builder("loop_dot").body(b -> {
      Tile xp = b.pointer("x", DType.BF16);
      Tile out = b.pointer("out", DType.F32);
      Tile rows = b.arange(0, 16);
      Tile cols = b.arange(0, 128);
      Tile a = b.load(xp.add(rows.col().mul(128)).add(cols.row()));
      Tile tile = b.arange(0, 64).col().mul(128).add(cols.row());
      Tile result = rows.col().mul(64).add(b.arange(0, 64).row());
      List<Tile> inits = List.of(b.zeros(new int[] {16, 64}, DType.F32), b.full(new int[0], 0, DType.I32));
      List<Tile> r = b.forRange(0, b.scalar("steps", DType.I32), inits, (j, c) -> {
        Tile at = carriedOffset ? c.get(1) : j.mul(tiles * 8192);
        Tile next = c.get(0);
        for (int i = 0; i < tiles; i++) {
          next = next.add(b.dot(a, b.load(xp.add(at).add(i * 8192).add(tile)).trans()));
        }
        if (stores) {
          b.store(out.add(result), next);
        }
        return List.of(next, c.get(1).add(tiles * 8192));
      });
      b.store(out.add(result), r.get(0));
    }).build().specialize(Map.of());
  }
}
