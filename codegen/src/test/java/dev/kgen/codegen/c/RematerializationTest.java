package dev.kgen.codegen.c;

import static dev.kgen.ir.DType.F32;
import static dev.kgen.ir.DType.I32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import dev.kgen.ir.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which broadcasts recompute their source per element and which still go through shared
 * memory; that the results agree with the interpreter is checked by the OpenCL execution tests.
 */
class RematerializationTest {
  /** {@code out[r, c] = table[r] * 16 + c} with the row index read from a table, then a row maximum broadcast back. */
  private static String cuda(boolean tableIsWritten) {
    KernelDef def = KernelDef.builder("remat_probe").body(k -> {
      Tile table = k.pointer("table", I32);
      Tile out = k.pointer("out", F32);
      Tile rows = k.arange(0, 16).as("rows");
      Tile entry = k.load(table.add(rows), rows.lt(12)).as("entry");
      Tile offsets = entry.mul(16).col().add(k.arange(0, 128).row()).as("offsets");
      Tile values = offsets.to(F32).as("values");
      Tile centred = values.sub(values.max(1).col()).as("centred");
      k.store(out.add(offsets), centred);
      if (tableIsWritten) {
        k.store(table.add(rows), rows);
      }
    }).build();
    return CudaEmitter.emit(def.specialize(Map.of())).source();
  }

  @Test
  void aBroadcastOfArangeArithmeticAndAReadOnlyTableNeedsNoSharedMemory() {
    String src = cuda(false);
    // the row maximum stays in the lanes that reduced it, and its broadcast reads them (ReplicatedRows)
    assertEquals(0, count(src, "__syncthreads();"), src);
    assertTrue(src.contains("table[kgen_r"), "the table is re-read per element:\n" + src);
    assertFalse(src.contains("int rows["), "the arange only fed recomputed code and is left out:\n" + src);
  }

  @Test
  void aTableTheKernelWritesIsStagedNotReRead() {
    String src = cuda(true);
    assertEquals(2, count(src, "__syncthreads();"), src);
    assertFalse(src.contains("table[kgen_r"), src);
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
