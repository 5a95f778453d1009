package dev.kgen.codegen.c;

import static dev.kgen.codegen.c.CopiedTiles.count;
import static dev.kgen.codegen.c.CopiedTiles.paged;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.codegen.opencl.OpenClEmitter;
import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import dev.kgen.ir.DType;
import dev.kgen.ir.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Row statistics held in the lanes that reduced them: where the barriers go and where the
 * conversions are. Their results are checked on the GPU backends by the runtime's {@code
 * RowStatisticsOnBackendsTest} and the paged-attention suites.
 */
class ReplicatedRowsTest {
  private static final String BARRIER = "__syncthreads();";

  @Test
  void pagedAttentionsSoftmaxTakesNoBarrierWhereTheAccumulatorSharesTheScoresLayout() {
    String src = CudaEmitter.emit(paged(64, 64, DType.BF16), new CodegenOptions(128, 8)).source();
    String loop = src.substring(src.indexOf("for (int j = "));
    // each tensor-core dot: before it, after it, and after its result is read back
    assertEquals(3 * count(loop, "kgen_mma_bf16(kgen_as"), count(loop, BARRIER), loop);
    assertFalse(loop.contains("kgen_rows") || loop.contains("kgen_all"), "no conversion in or after the loop:\n" + loop);
  }

  @Test
  void atHead128TheRescaleOfTheAccumulatorIsStillStaged() {
    String src = CudaEmitter.emit(paged(128, 64, DType.BF16), new CodegenOptions(128, 8)).source();
    String loop = src.substring(src.indexOf("for (int j = "));
    // the two dots, the rescale of the accumulator in the loop and the division by the sum after it
    assertEquals(3 * 2 + 2 + 2, count(loop, BARRIER), loop);
    assertTrue(loop.contains("if ((tid & 7) == 0) kgen_buf[e] = alpha[i];"), "one replica per row writes:\n" + loop);
  }

  @Test
  void thePortableDialectHasNoShufflesAndKeepsItsLayouts() {
    String src = OpenClEmitter.emit(paged(64, 64, DType.BF16), new CodegenOptions(128, 8)).source();
    assertFalse(src.contains("(tid & 7) == 0"), src);
  }

  @Test
  void aStatisticStoredInItsOwnLayoutIsConvertedOnceWhereItIsDefined() {
    String src = CudaEmitter.emit(centred(true).specialize(Map.of()), new CodegenOptions(128, 4)).source();
    assertEquals(2, count(src, BARRIER), "the conversion of the maximum for its store:\n" + src);
    assertEquals(1, count(src, "float kgen_all["), src);
    String plain = CudaEmitter.emit(centred(false).specialize(Map.of()), new CodegenOptions(128, 4)).source();
    assertEquals(0, count(plain, BARRIER), plain);
  }

  @Test
  void aBroadcastFindsEachRowInTheSameThreadOrIsStaged() {
    CodegenOptions o = new CodegenOptions(128, 8);
    TileLayout scores = TileLayout.of(Shape.of(16, 64), o);
    TileLayout rows = TileLayout.rowsOf(scores, 64);
    int[] same = ReplicatedRows.sameThreadSlots(rows, Shape.of(16, 1), scores, Shape.of(16, 64));
    assertArrayEquals(new int[8], same, "each thread's 8 scores are in its one row");
    assertNull(ReplicatedRows.sameThreadSlots(rows, Shape.of(16, 1), TileLayout.of(Shape.of(16, 128), o), Shape.of(16, 128)),
        "an accumulator of head 128 puts rows t/16 and 8 + t/16 where the scores have t/8");
    TileLayout at64 = TileLayout.rowsOf(TileLayout.of(Shape.of(16, 64), new CodegenOptions(64, 8)), 64);
    int[] twoChunks = ReplicatedRows.sameThreadSlots(at64, Shape.of(16, 1), TileLayout.of(Shape.of(16, 64), new CodegenOptions(64, 8)),
        Shape.of(16, 64));
    assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1}, twoChunks, "64 threads: two rows each");
    assertEquals(5, ReplicatedRows.sourceElement(Shape.of(16, 1), Shape.of(16, 64), 5 * 64 + 17));
  }

  /** {@code out = x - max(x, 1)} over [16, 128] rows, and the maximum itself stored too if {@code storeMax}. */
  private static KernelDef centred(boolean storeMax) {
    return KernelDef.builder("centred").body(k -> {
      Tile x = k.pointer("x", DType.F32);
      Tile out = k.pointer("out", DType.F32);
      Tile maxOut = k.pointer("max_out", DType.F32);
      Tile rows = k.arange(0, 16);
      Tile offsets = rows.col().mul(128).add(k.arange(0, 128).row());
      Tile v = k.load(x.add(offsets));
      Tile m = v.max(1);
      k.store(out.add(offsets), v.sub(m.col()));
      if (storeMax) {
        k.store(maxOut.add(rows), m);
      }
    }).build();
  }


  /**
   * Where rows would need more conversions than they save, values keep their own layout: never
   * more barriers than staging every reduction (two each).
   */
  @Test
  void rowsNeverCostMoreBarriersThanStaging() {
    // the carried maximum is stored every iteration: it stays in its own layout
    String stored = loopSource(true, false);
    assertEquals(2, count(body(stored), BARRIER), stored);
    // the carried maximum passes through a branch's yield
    String branched = loopSource(false, true);
    assertEquals(2, count(body(branched), BARRIER), branched);
    // a row maximum added to a table the kernel writes (not recomputable): converted once
    String written = CudaEmitter.emit(KernelDef.builder("max_plus_written").body(k -> {
      Tile x = k.pointer("x", DType.F32);
      Tile bias = k.pointer("bias", DType.F32);
      Tile rows = k.arange(0, 16);
      Tile m = k.load(x.add(rows.col().mul(128).add(k.arange(0, 128).row()))).max(1);
      k.store(bias.add(rows), m.add(k.load(bias.add(rows))));
    }).build().specialize(Map.of()), new CodegenOptions(128, 4)).source();
    assertEquals(2, count(written, BARRIER), written);
  }

  private static String body(String src) {
    return src.substring(src.indexOf("for (int "));
  }

  /** An online row maximum over {@code steps} tiles of [16, 128], the carried value stored each iteration or passed through a branch. */
  private static String loopSource(boolean storeCarried, boolean branch) {
    return CudaEmitter.emit(KernelDef.builder("online_max").body(k -> {
      Tile x = k.pointer("x", DType.F32);
      Tile out = k.pointer("out", DType.F32);
      Tile steps = k.scalar("steps", DType.I32);
      Tile rows = k.arange(0, 16);
      Tile offsets = rows.col().mul(128).add(k.arange(0, 128).row());
      Tile last = k.forRange(0, steps, List.of(k.full(new int[] {16}, Double.NEGATIVE_INFINITY, DType.F32)), (j, c) -> {
        if (storeCarried) {
          k.store(out.add(j.mul(16)).add(rows), c.get(0));
        }
        Tile m = k.maximum(c.get(0), k.load(x.add(j.mul(2048)).add(offsets)).max(1));
        if (!branch) {
          return List.of(m);
        }
        return k.ifElse(j.lt(1), () -> List.of(c.get(0)), () -> List.of(m));
      }).get(0);
      k.store(out.add(rows), last);
    }).build().specialize(Map.of()), new CodegenOptions(128, 4)).source();
  }
}
