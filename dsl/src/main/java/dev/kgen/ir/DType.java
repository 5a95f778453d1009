package dev.kgen.ir;

import dev.kgen.numeric.MiniFloat;
import java.nio.ByteBuffer;

/**
 * Element types of tiles and pointees. Floating-point values are carried as doubles rounded
 * to the type's precision; integers and booleans as longs.
 */
public enum DType {
  I1("i1", 1, Kind.BOOL, null),
  I32("i32", 4, Kind.INT, null),
  I64("i64", 8, Kind.INT, null),
  FP8E4M3("fp8e4m3", 1, Kind.FLOAT, MiniFloat.FP8_E4M3),
  FP8E5M2("fp8e5m2", 1, Kind.FLOAT, MiniFloat.FP8_E5M2),
  F16("fp16", 2, Kind.FLOAT, MiniFloat.FP16),
  BF16("bf16", 2, Kind.FLOAT, MiniFloat.BF16),
  F32("fp32", 4, Kind.FLOAT, null),
  F64("fp64", 8, Kind.FLOAT, null);

  /** What arithmetic a dtype takes part in. */
  public enum Kind {
    BOOL,
    INT,
    FLOAT
  }

  private final String irName;
  private final int bytes;
  private final Kind kind;
  private final MiniFloat format;

  DType(String irName, int bytes, Kind kind, MiniFloat format) {
    this.irName = irName;
    this.bytes = bytes;
    this.kind = kind;
    this.format = format;
  }

  /** The name used by the IR printer and in error messages, e.g. {@code bf16}. */
  public String irName() {
    return irName;
  }

  public int bytes() {
    return bytes;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isFloat() {
    return kind == Kind.FLOAT;
  }

  public boolean isInt() {
    return kind == Kind.INT;
  }

  public boolean isBool() {
    return kind == Kind.BOOL;
  }

  public boolean isFp8() {
    return this == FP8E4M3 || this == FP8E5M2;
  }

  /** The small float format behind fp16, bf16 and fp8 types; null for the others. */
  public MiniFloat format() {
    return format;
  }

  /** {@code v} converted to this type as the hardware would: rounded, truncated or wrapped. */
  public double convert(double v) {
    switch (this) {
      case I1:
        return v != 0 ? 1 : 0;
      case I32:
        return (int) (long) v;
      case I64:
        return (long) v;
      case F32:
        return (float) v;
      case F64:
        return v;
      default:
        return format.round(v);
    }
  }

  /** Reads element {@code index} of a little-endian buffer holding this type. */
  public double read(ByteBuffer buf, long index) {
    int at = Math.toIntExact(index * bytes);
    switch (this) {
      case I1:
        return buf.get(at) != 0 ? 1 : 0;
      case I32:
        return buf.getInt(at);
      case I64:
        return buf.getLong(at);
      case F32:
        return buf.getFloat(at);
      case F64:
        return buf.getDouble(at);
      case F16:
      case BF16:
        return format.decode(buf.getShort(at) & 0xffff);
      default:
        return format.decode(buf.get(at) & 0xff);
    }
  }

  /** Writes {@code v}, converted to this type, at element {@code index}. */
  public void write(ByteBuffer buf, long index, double v) {
    int at = Math.toIntExact(index * bytes);
    switch (this) {
      case I1:
        buf.put(at, (byte) (v != 0 ? 1 : 0));
        break;
      case I32:
        buf.putInt(at, (int) (long) v);
        break;
      case I64:
        buf.putLong(at, (long) v);
        break;
      case F32:
        buf.putFloat(at, (float) v);
        break;
      case F64:
        buf.putDouble(at, v);
        break;
      case F16:
      case BF16:
        buf.putShort(at, (short) format.encode(v));
        break;
      default:
        buf.put(at, (byte) format.encode(v));
        break;
    }
  }

  /** The dtype whose IR name is {@code name}, or an IllegalArgumentException listing them. */
  public static DType fromIrName(String name) {
    for (DType d : values()) {
      if (d.irName.equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unknown dtype '" + name + "'; expected one of i1, i32, i64, fp8e4m3, fp8e5m2, fp16, bf16, fp32, fp64");
  }

  @Override
  public String toString() {
    return irName;
  }
}
