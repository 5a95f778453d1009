package dev.kgen.launch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The element types a kernel's buffers hold, named as the kgen IR names them, with host-side
 * conversion so a program can fill and read buffers without the DSL: {@link #write} rounds a
 * double to the type (to nearest even, as the device stores), {@link #read} widens it back.
 * Buffers are little-endian, as every supported device is.
 */
public enum ElementType {
  I1("i1", 1),
  I32("i32", 4),
  I64("i64", 8),
  FP8E4M3("fp8e4m3", 1),
  FP8E5M2("fp8e5m2", 1),
  FP16("fp16", 2),
  BF16("bf16", 2),
  FP32("fp32", 4),
  FP64("fp64", 8);

  private final String irName;
  private final int bytes;

  ElementType(String irName, int bytes) {
    this.irName = irName;
    this.bytes = bytes;
  }

  /** The IR's name, e.g. {@code bf16}. */
  public String irName() {
    return irName;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /** The type named {@code irName}, or an exception listing the names. */
  public static ElementType fromIrName(String irName) {
    for (ElementType t : values()) {
      if (t.irName.equals(irName)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown element type '" + irName + "'; expected one of i1, i32, i64, fp8e4m3, fp8e5m2, fp16, bf16, fp32, fp64");
  }

  /** A zeroed little-endian heap buffer of {@code elements} elements. */
  public ByteBuffer allocate(int elements) {
    return ByteBuffer.allocate(Math.multiplyExact(elements, bytes)).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A little-endian heap buffer of {@code elements} elements, each {@code fill} (NaN to poison). */
  public ByteBuffer allocate(int elements, double fill) {
    ByteBuffer b = allocate(elements);
    for (int i = 0; i < elements; i++) {
      write(b, i, fill);
    }
    return b;
  }

  /** Element {@code index} of a little-endian buffer of this type. */
  public double read(ByteBuffer buf, long index) {
    requireLittleEndian(buf);
    int at = Math.toIntExact(index * bytes);
    switch (this) {
      case I1:
        return buf.get(at) != 0 ? 1 : 0;
      case I32:
        return buf.getInt(at);
      case I64:
        return buf.getLong(at);
      case FP8E4M3:
        return SmallFloat.FP8_E4M3.decode(buf.get(at) & 0xff);
      case FP8E5M2:
        return SmallFloat.FP8_E5M2.decode(buf.get(at) & 0xff);
      case FP16:
        return SmallFloat.FP16.decode(buf.getShort(at) & 0xffff);
      case BF16:
        return SmallFloat.BF16.decode(buf.getShort(at) & 0xffff);
      case FP32:
        return buf.getFloat(at);
      default:
        return buf.getDouble(at);
    }
  }

  /** Stores {@code value}, rounded (floats) or truncated (integers) to this type, at {@code index}. */
  public void write(ByteBuffer buf, long index, double value) {
    requireLittleEndian(buf);
    int at = Math.toIntExact(index * bytes);
    switch (this) {
      case I1:
        buf.put(at, (byte) (value != 0 ? 1 : 0));
        break;
      case I32:
        buf.putInt(at, (int) (long) value);
        break;
      case I64:
        buf.putLong(at, (long) value);
        break;
      case FP8E4M3:
        buf.put(at, (byte) SmallFloat.FP8_E4M3.encode(value));
        break;
      case FP8E5M2:
        buf.put(at, (byte) SmallFloat.FP8_E5M2.encode(value));
        break;
      case FP16:
        buf.putShort(at, (short) SmallFloat.FP16.encode(value));
        break;
      case BF16:
        buf.putShort(at, (short) SmallFloat.BF16.encode(value));
        break;
      case FP32:
        buf.putFloat(at, (float) value);
        break;
      default:
        buf.putDouble(at, value);
        break;
    }
  }

  /** {@code value} as this type stores it: what {@link #write} then {@link #read} give back. */
  public double round(double value) {
    ByteBuffer one = allocate(1);
    write(one, 0, value);
    return read(one, 0);
  }

  private static void requireLittleEndian(ByteBuffer buf) {
    if (buf.order() != ByteOrder.LITTLE_ENDIAN) {
      throw new IllegalArgumentException(
          "element buffers are little-endian; call buffer.order(ByteOrder.LITTLE_ENDIAN) first");
    }
  }

  @Override
  public String toString() {
    return irName;
  }
}
