package dev.kgen.kernels.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kgen.ir.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class HostTensorTest {
  @Test
  void setAndGetRoundToTheDtype() {
    HostTensor t = HostTensor.allocate(TensorLayout.contiguous(DType.BF16, 2, 2), 0);
    t.set(1.0 / 3, 1, 0);
    assertEquals(DType.BF16.convert(1.0 / 3), t.get(1, 0));
    assertEquals(0.0, t.get(0, 1));
  }

  @Test
  void bufferSharesStorageInLittleEndian() {
    HostTensor t = HostTensor.allocate(TensorLayout.contiguous(DType.F32, 2), 0);
    ByteBuffer b = t.buffer();
    assertEquals(ByteOrder.LITTLE_ENDIAN, b.order());
    b.putFloat(4, 2.5f);
    assertEquals(2.5, t.get(1));
  }

  @Test
  void wrapChecksSizeAndByteOrder() {
    TensorLayout l = TensorLayout.contiguous(DType.F32, 4);
    IllegalArgumentException small =
        assertThrows(
            IllegalArgumentException.class,
            () -> HostTensor.wrap(l, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)));
    assertEquals("a buffer of 8 bytes is too small for fp32[4] strides [1]: expected 16", small.getMessage());
    IllegalArgumentException big =
        assertThrows(IllegalArgumentException.class, () -> HostTensor.wrap(l, ByteBuffer.allocate(16)));
    assertEquals("host buffers must be little-endian; got BIG_ENDIAN", big.getMessage());
  }
}
