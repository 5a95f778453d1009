package dev.kgen.kernels.paged;

import dev.kgen.ir.DType;
import java.nio.ByteBuffer;

/**
 * The {@code is_block_table_ptr} form of a block table: entry = the address of the physical
 * block in the K cache, {@code base + index * blockByteStride}, in an int64 table of the same
 * shape and (element) strides as the int32 one. {@link #toIndices} is the wrapper's
 * normalization {@code (block_table - base_addr) // block_byte_stride}, floor division.
 */
public final class BlockTablePointers {
  private BlockTablePointers() {}

  /** The pointer table of the int32 {@code table}; padding entries point at block 0. */
  public static HostTensor fromIndices(HostTensor table, long baseAddress, long blockByteStride) {
    requireTable(table, DType.I32);
    requirePositive(blockByteStride);
    TensorLayout l = table.layout();
    HostTensor out = HostTensor.allocate(TensorLayout.of(DType.I64, l.shape(), l.strides()), 0);
    // int64 through putLong, not a double: addresses need not fit in 53 bits
    ByteBuffer ptrs = out.buffer();
    long all = l.allocationElements();
    for (long e = 0; e < all; e++) {
      ptrs.putLong(Math.toIntExact(e * 8), baseAddress + (long) table.readOffset(e) * blockByteStride);
    }
    return out;
  }

  /** The int32 block indices of the pointer table {@code pointers}, as the wrapper derives them. */
  public static HostTensor toIndices(HostTensor pointers, long baseAddress, long blockByteStride) {
    requireTable(pointers, DType.I64);
    requirePositive(blockByteStride);
    TensorLayout l = pointers.layout();
    HostTensor out = HostTensor.allocate(TensorLayout.of(DType.I32, l.shape(), l.strides()), 0);
    ByteBuffer ptrs = pointers.buffer();
    long all = l.allocationElements();
    for (long e = 0; e < all; e++) {
      long ptr = ptrs.getLong(Math.toIntExact(e * 8));
      out.writeOffset(e, Math.toIntExact(Math.floorDiv(ptr - baseAddress, blockByteStride)));
    }
    return out;
  }

  private static void requireTable(HostTensor t, DType expected) {
    if (t.dtype() != expected || t.layout().rank() != 2) {
      throw new IllegalArgumentException(
          "block table " + t.layout() + " must be a 2-D " + expected + " tensor [num_seqs, max_blocks]");
    }
  }

  private static void requirePositive(long blockByteStride) {
    if (blockByteStride <= 0) {
      throw new IllegalArgumentException(
          "block byte stride (" + blockByteStride + ") must be > 0: the K cache's stride(0) times its element size");
    }
  }
}
