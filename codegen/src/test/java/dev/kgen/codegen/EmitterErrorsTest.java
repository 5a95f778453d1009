package dev.kgen.codegen;

import static dev.kgen.ir.DType.F32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.codegen.opencl.OpenClEmitter;
import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import dev.kgen.errors.KgenInternalError;
import dev.kgen.errors.KgenResourceLimitException;
import dev.kgen.ir.Kernel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * IR the emitters cannot lower fails with a KgenInternalError that says what and why; tiles too
 * large for the dialect's shared memory with a KgenResourceLimitException (the user's to fix).
 */
class EmitterErrorsTest {
  @Test
  void aLayoutChangeBeyondTheSharedLimitIsRefused() {
    Kernel k = KernelDef.builder("big_reduce").body(b -> {
      Tile in = b.pointer("in_ptr", F32);
      Tile out = b.pointer("out_ptr", F32);
      Tile rows = b.arange(0, 128);
      Tile x = b.load(in.add(rows.col().mul(128)).add(b.arange(0, 128).row()));
      b.store(out.add(rows), x.sum(0)); // along the outer axis: staged (no warp shuffles)
    }).build().specialize(Map.of());
    KgenResourceLimitException e = assertThrows(KgenResourceLimitException.class, () -> CudaEmitter.emit(k));
    assertEquals("big_reduce: reduce_sum fp32[128, 128] stages 65536 bytes in shared memory, more than the 49152-byte"
        + " static limit; use smaller tiles", e.getMessage());
  }

  @Test
  void aDotWhoseSingleKSliceExceedsTheBudgetIsRefused() {
    Kernel k = KernelDef.builder("wide_dot").body(b -> {
      Tile c = b.pointer("c", F32);
      Tile x = b.full(new int[] {4097, 2}, 1.0, F32);
      Tile y = b.full(new int[] {2, 4097}, 2.0, F32);
      b.store(c.add(b.zeros(new int[] {4097, 4097}, dev.kgen.ir.DType.I32)), b.dot(x, y));
    }).build().specialize(Map.of());
    KgenResourceLimitException e = assertThrows(KgenResourceLimitException.class, () -> OpenClEmitter.emit(k));
    assertEquals("wide_dot: dot fp32[4097, 2] x fp32[2, 4097] cannot be staged: one column of A and one row of B take"
        + " 32776 bytes, more than the 32768-byte shared budget; use smaller tiles", e.getMessage());
  }

  @Test
  void branchResultsMustPointIntoOneParameter() {
    Kernel k = KernelDef.builder("pick_pointer").body(b -> {
      Tile p = b.pointer("p", F32);
      Tile q = b.pointer("q", F32);
      Tile n = b.scalar("n", dev.kgen.ir.DType.I32);
      List<Tile> r = b.ifElse(n.gt(0), () -> List.of(p), () -> List.of(q));
      b.store(r.get(0), b.constant(1.0, F32));
    }).build().specialize(Map.of());
    KgenInternalError e = assertThrows(KgenInternalError.class, () -> CudaEmitter.emit(k));
    assertEquals(true, e.getMessage().startsWith("pick_pointer: branch result %"), e.getMessage());
    assertEquals(true, e.getMessage().endsWith(" points into p in one branch and q in the other; the emitter needs one"
        + " base parameter"), e.getMessage());
  }

  @Test
  void nullArgumentsAreRejected() {
    assertThrows(NullPointerException.class, () -> CudaEmitter.emit(null, CodegenOptions.DEFAULT));
    assertThrows(NullPointerException.class, () -> OpenClEmitter.emit(PagedSpecs.small().kernel(), null));
  }
}
