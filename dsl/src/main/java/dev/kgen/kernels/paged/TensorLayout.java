package dev.kgen.kernels.paged;

import dev.kgen.ir.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where the elements of a host tensor live: a dtype, a shape and strides in elements, as
 * {@code torch.Tensor.stride()} reports them. Immutable.
 */
public final class TensorLayout {
  private final DType dtype;
  private final long[] shape;
  private final long[] strides;

  private TensorLayout(DType dtype, long[] shape, long[] strides) {
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    if (shape.length != strides.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " and strides " + Arrays.toString(strides)
              + " must have the same rank");
    }
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0 || strides[i] < 0) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " and strides " + Arrays.toString(strides)
                + " must be non-negative");
      }
    }
    this.shape = shape.clone();
    this.strides = strides.clone();
  }

  /** Row-major strides: the last dimension is contiguous. */
  public static TensorLayout contiguous(DType dtype, long... shape) {
    return padded(dtype, shape, 0);
  }

  /**
   * Row-major with {@code pad} unused elements after every run of the dimensions inside a
   * non-innermost one, as a view of a larger tensor has; the last dimension stays contiguous.
   */
  public static TensorLayout padded(DType dtype, long[] shape, long pad) {
    long[] strides = new long[shape.length];
    long s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = s;
      s = s * shape[i] + pad;
    }
    return new TensorLayout(dtype, shape, strides);
  }

  public static TensorLayout of(DType dtype, long[] shape, long[] strides) {
    return new TensorLayout(dtype, shape, strides);
  }

  public DType dtype() {
    return dtype;
  }

  public int rank() {
    return shape.length;
  }

  public long[] shape() {
    return shape.clone();
  }

  public long[] strides() {
    return strides.clone();
  }

  public long shape(int dim) {
    return shape[dim];
  }

  public long stride(int dim) {
    return strides[dim];
  }

  /** The number of logical elements: the product of the shape. */
  public long numel() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /**
   * Elements a buffer must hold: up to the last addressed element, and for a padded
   * row-major layout also the padding after the last outer row (so every row looks alike).
   */
  public long allocationElements() {
    if (numel() == 0) {
      return 0;
    }
    long span = 1;
    for (int i = 0; i < shape.length; i++) {
      span += (shape[i] - 1) * strides[i];
    }
    return shape.length == 0 ? span : Math.max(span, shape[0] * strides[0]);
  }

  public long allocationBytes() {
    return allocationElements() * dtype.bytes();
  }

  /** The element offset of {@code index}, checked against the shape. */
  public long offset(long... index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          "index " + Arrays.toString(index) + " has rank " + index.length + "; expected rank "
              + shape.length + " for shape " + Arrays.toString(shape));
    }
    long off = 0;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new IndexOutOfBoundsException(
            "index " + Arrays.toString(index) + " is outside shape " + Arrays.toString(shape));
      }
      off += index[i] * strides[i];
    }
    return off;
  }

  /** A little-endian heap buffer for this layout with every element, padding too, = fill. */
  public ByteBuffer allocate(double fill) {
    long bytes = allocationBytes();
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "a " + dtype + " tensor of shape " + Arrays.toString(shape) + " and strides "
              + Arrays.toString(strides) + " needs " + bytes
              + " bytes; host buffers hold at most 2^31 - 1: use a smaller case");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (Double.doubleToRawLongBits(fill) != 0 && bytes > 0) {
      // encode once, then double the filled prefix: a memcpy per step instead of an encode per element
      dtype.write(buf, 0, fill);
      byte[] a = buf.array();
      int filled = dtype.bytes();
      while (filled < a.length) {
        int n = Math.min(filled, a.length - filled);
        System.arraycopy(a, 0, a, filled, n);
        filled += n;
      }
    }
    return buf;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorLayout
        && dtype == ((TensorLayout) o).dtype
        && Arrays.equals(shape, ((TensorLayout) o).shape)
        && Arrays.equals(strides, ((TensorLayout) o).strides);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(strides));
  }

  @Override
  public String toString() {
    return dtype + Arrays.toString(shape) + " strides " + Arrays.toString(strides);
  }
}
