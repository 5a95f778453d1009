package dev.kgen.kernels.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kgen.ir.DType;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class BlockTablePointersTest {
  private static HostTensor table() {
    HostTensor t = HostTensor.allocate(TensorLayout.padded(DType.I32, new long[] {2, 3}, 4), 0);
    int[][] v = {{5, 0, 7}, {2, 9, 1}};
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        t.set(v[i][j], i, j);
      }
    }
    return t;
  }

  @Test
  void pointersAreBasePlusIndexTimesBlockBytes() {
    long base = 0x7f12_3456_7800L;
    HostTensor p = BlockTablePointers.fromIndices(table(), base, 4096);
    assertEquals(DType.I64, p.dtype());
    ByteBuffer b = p.buffer();
    long rowStride = p.layout().stride(0);
    assertEquals(7, rowStride);
    assertEquals(base + 5 * 4096L, b.getLong(0));
    assertEquals(base + 7 * 4096L, b.getLong(2 * 8));
    assertEquals(base + 9 * 4096L, b.getLong((int) (rowStride + 1) * 8));
  }

  @Test
  void roundTripsThroughTheWrappersNormalization() {
    HostTensor t = table();
    long base = (1L << 47) + 256;
    HostTensor back =
        BlockTablePointers.toIndices(BlockTablePointers.fromIndices(t, base, 2 * 16 * 8 * 128), base, 2 * 16 * 8 * 128);
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(t.get(i, j), back.get(i, j));
      }
    }
  }

  @Test
  void rejectsAWrongTableOrStride() {
    HostTensor wrong = HostTensor.allocate(TensorLayout.contiguous(DType.I64, 2, 3), 0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BlockTablePointers.fromIndices(wrong, 0, 16));
    assertEquals(
        "block table i64[2, 3] strides [3, 1] must be a 2-D i32 tensor [num_seqs, max_blocks]", e.getMessage());
    IllegalArgumentException s =
        assertThrows(IllegalArgumentException.class, () -> BlockTablePointers.fromIndices(table(), 0, 0));
    assertEquals(
        "block byte stride (0) must be > 0: the K cache's stride(0) times its element size", s.getMessage());
  }
}
