package dev.kgen.kernels.paged;

import dev.kgen.ir.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A host tensor: a little-endian buffer and the {@link TensorLayout} that addresses it.
 *
 * <p>This is storage, not a value: {@link #buffer()} shares the bytes, so a launcher can copy
 * them to a device and a test can overwrite elements to build a hand-computable problem.
 */
public final class HostTensor {
  private final TensorLayout layout;
  private final ByteBuffer buffer;

  private HostTensor(TensorLayout layout, ByteBuffer buffer) {
    this.layout = Objects.requireNonNull(layout, "layout");
    if (buffer.capacity() < layout.allocationBytes()) {
      throw new IllegalArgumentException(
          "a buffer of " + buffer.capacity() + " bytes is too small for " + layout + ": expected "
              + layout.allocationBytes());
    }
    if (buffer.order() != ByteOrder.LITTLE_ENDIAN) {
      throw new IllegalArgumentException("host buffers must be little-endian; got " + buffer.order());
    }
    this.buffer = buffer;
  }

  /** A view of {@code buffer} (shared, little-endian) as a tensor of {@code layout}. */
  public static HostTensor wrap(TensorLayout layout, ByteBuffer buffer) {
    return new HostTensor(layout, buffer);
  }

  /** A new tensor of this layout with every element, padding included, set to {@code fill}. */
  public static HostTensor allocate(TensorLayout layout, double fill) {
    return new HostTensor(layout, layout.allocate(fill));
  }

  public TensorLayout layout() {
    return layout;
  }

  public DType dtype() {
    return layout.dtype();
  }

  public long[] shape() {
    return layout.shape();
  }

  public long[] strides() {
    return layout.strides();
  }

  /** The bytes, shared with this tensor, positioned at 0, little-endian. */
  public ByteBuffer buffer() {
    return buffer.duplicate().clear().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The element at flat element offset {@code offset}. */
  public double readOffset(long offset) {
    return ElementCodec.read(layout.dtype(), buffer, offset);
  }

  /** Stores {@code value}, converted to the dtype, at flat element offset {@code offset}. */
  public void writeOffset(long offset, double value) {
    ElementCodec.write(layout.dtype(), buffer, offset, value);
  }

  public double get(long... index) {
    return readOffset(layout.offset(index));
  }

  /** Stores {@code value}, converted to the dtype, at {@code index}. */
  public void set(double value, long... index) {
    writeOffset(layout.offset(index), value);
  }
}
