package dev.kgen.runtime;

import dev.kgen.ir.DType;
import java.util.Arrays;

/** A strided view of device memory: buffer, element dtype, shape and strides in elements. */
public record Tensor(DeviceBuffer buffer, DType dtype, long[] shape, long[] strides) {
  public Tensor {
    shape = shape.clone();
    strides = strides.clone();
    if (shape.length != strides.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and strides " + Arrays.toString(strides)
          + " have different ranks");
    }
    long last = 0;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0 || strides[i] < 0) {
        throw new IllegalArgumentException("negative shape or stride: " + Arrays.toString(shape) + " / " + Arrays.toString(strides));
      }
      if (shape[i] > 0) {
        last += (shape[i] - 1) * strides[i];
      }
    }
    if (buffer != null && numel(shape) > 0 && (last + 1) * dtype.bytes() > buffer.bytes()) {
      throw new IllegalArgumentException("a " + dtype + " tensor of shape " + Arrays.toString(shape) + " and strides "
          + Arrays.toString(strides) + " reaches byte " + (last + 1) * dtype.bytes() + " of a " + buffer.bytes() + "-byte buffer");
    }
  }

  /** A dense row-major tensor over a buffer. */
  public static Tensor contiguous(DeviceBuffer buffer, DType dtype, long... shape) {
    long[] strides = new long[shape.length];
    long acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = acc;
      acc *= shape[i];
    }
    return new Tensor(buffer, dtype, shape, strides);
  }

  private static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  public int rank() {
    return shape.length;
  }

  public long dim(int i) {
    return shape[i];
  }

  public long stride(int i) {
    return strides[i];
  }

  public long numel() {
    return numel(shape);
  }

  /** e.g. {@code bf16[4, 32, 128]}. */
  public String describe() {
    return dtype + Arrays.toString(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && t.buffer == buffer && t.dtype == dtype && Arrays.equals(t.shape, shape)
        && Arrays.equals(t.strides, strides);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape) * 31 + Arrays.hashCode(strides);
  }

  @Override
  public String toString() {
    return describe() + " strides " + Arrays.toString(strides);
  }
}
