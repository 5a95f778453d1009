package dev.kgen.kernels.paged;

import dev.kgen.ir.DType;

/**
 * The {@code kv_cache_dtype} argument of the wrapper: how the K and V caches are stored.
 *
 * <p>{@code fp8} means the platform's fp8 type, which on CUDA is e4m3 ("fn"), as in the
 * wrapper (the anchor bench script maps a bare {@code fp8} to e5m2; the wrapper is the spec).
 */
public enum KvCacheDtype {
  AUTO("auto"),
  FP8("fp8"),
  FP8_E4M3("fp8_e4m3"),
  FP8_E5M2("fp8_e5m2");

  private final String jsonName;

  KvCacheDtype(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The spelling used in cases.json and by the wrapper, e.g. {@code fp8_e4m3}. */
  public String jsonName() {
    return jsonName;
  }

  public boolean isFp8() {
    return this != AUTO;
  }

  /** The element type of the caches when the query (and model) dtype is {@code queryDType}. */
  public DType storage(DType queryDType) {
    switch (this) {
      case AUTO:
        return queryDType;
      case FP8_E5M2:
        return DType.FP8E5M2;
      default:
        return DType.FP8E4M3;
    }
  }

  /** The constant spelled {@code name}, or an exception that lists the accepted spellings. */
  public static KvCacheDtype parse(String name) {
    for (KvCacheDtype d : values()) {
      if (d.jsonName.equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unsupported kv_cache_dtype '" + name + "': expected one of auto, fp8, fp8_e4m3, fp8_e5m2");
  }

  @Override
  public String toString() {
    return jsonName;
  }
}
