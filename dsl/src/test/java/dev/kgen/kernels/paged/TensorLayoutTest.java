package dev.kgen.kernels.paged;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.ir.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class TensorLayoutTest {
  @Test
  void contiguousIsRowMajor() {
    TensorLayout l = TensorLayout.contiguous(DType.BF16, 3, 4, 5);
    assertArrayEquals(new long[] {20, 5, 1}, l.strides());
    assertEquals(60, l.numel());
    assertEquals(60, l.allocationElements());
    assertEquals(120, l.allocationBytes());
    assertEquals(2 * 20 + 3 * 5 + 4, l.offset(2, 3, 4));
  }

  @Test
  void paddedLeavesTheInnermostContiguousAndPadsTheRest() {
    TensorLayout l = TensorLayout.padded(DType.BF16, new long[] {3, 4, 5}, 8);
    // head stride 5 + 8; row stride 4 * 13 + 8
    assertArrayEquals(new long[] {60, 13, 1}, l.strides());
    assertEquals(180, l.allocationElements(), "every row, the last too, carries its padding");
  }

  @Test
  void allocateFillsPaddingToo() {
    TensorLayout l = TensorLayout.padded(DType.BF16, new long[] {2, 3}, 8);
    ByteBuffer b = l.allocate(Double.NaN);
    assertEquals(ByteOrder.LITTLE_ENDIAN, b.order());
    for (long i = 0; i < l.allocationElements(); i++) {
      assertTrue(Double.isNaN(DType.BF16.read(b, i)), "element " + i);
    }
    ByteBuffer f = TensorLayout.contiguous(DType.F32, 7).allocate(1.5);
    for (int i = 0; i < 7; i++) {
      assertEquals(1.5, DType.F32.read(f, i));
    }
  }

  @Test
  void offsetChecksRankAndBounds() {
    TensorLayout l = TensorLayout.contiguous(DType.F32, 2, 3);
    IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> l.offset(1));
    assertEquals("index [1] has rank 1; expected rank 2 for shape [2, 3]", rank.getMessage());
    IndexOutOfBoundsException out = assertThrows(IndexOutOfBoundsException.class, () -> l.offset(1, 3));
    assertEquals("index [1, 3] is outside shape [2, 3]", out.getMessage());
  }

  @Test
  void rejectsMismatchedRankAndTooLargeBuffers() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TensorLayout.of(DType.F32, new long[] {2, 3}, new long[] {3}));
    assertEquals("shape [2, 3] and strides [3] must have the same rank", e.getMessage());
    TensorLayout huge = TensorLayout.contiguous(DType.F32, 1L << 30);
    IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> huge.allocate(0));
    assertEquals(
        "a fp32 tensor of shape [1073741824] and strides [1] needs 4294967296 bytes;"
            + " host buffers hold at most 2^31 - 1: use a smaller case",
        big.getMessage());
  }

  @Test
  void equalityIsByValue() {
    assertEquals(TensorLayout.contiguous(DType.F16, 2, 3), TensorLayout.of(DType.F16, new long[] {2, 3}, new long[] {3, 1}));
    assertEquals("fp16[2, 3] strides [3, 1]", TensorLayout.contiguous(DType.F16, 2, 3).toString());
  }
}
