package dev.kgen.autotune.cache;

import dev.kgen.runtime.cache.DiskCache;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a tuned configuration is valid for: the device (name, compute capability or version,
 * driver), the backend, the kernel (hash of its printed IR), its constexpr features sorted by
 * name, and run-time shapes bucketed to powers of two. Two keys built from the same facts, in any
 * order, have the same {@link #hash()}.
 */
public final class TuningKey {
  /** Changes when the canonical form changes, so old hashes never alias new ones. */
  static final String CANONICAL_VERSION = "kgen-tuning-key/1";

  public static final String BATCH = "batch";
  public static final String SEQUENCE_LENGTH = "seq_len";

  private final String deviceName;
  private final String deviceVersion;
  private final String driverVersion;
  private final String backend;
  private final String kernelHash;
  private final SortedMap<String, String> features;
  private final SortedMap<String, Long> shapeBuckets;
  private final String hash;

  private TuningKey(Builder b) {
    this.deviceName = required("deviceName", b.deviceName);
    this.backend = required("backend", b.backend);
    this.kernelHash = required("kernelHash", b.kernelHash);
    this.deviceVersion = Objects.requireNonNull(b.deviceVersion, "deviceVersion");
    this.driverVersion = Objects.requireNonNull(b.driverVersion, "driverVersion");
    this.features = Collections.unmodifiableSortedMap(new TreeMap<>(b.features));
    this.shapeBuckets = Collections.unmodifiableSortedMap(new TreeMap<>(b.shapeBuckets));
    this.hash = DiskCache.key(canonicalParts());
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "a tuning key needs a " + field + "; set it with TuningKey.Builder." + field + "(...)");
    }
    return value;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b =
        new Builder()
            .deviceName(deviceName)
            .deviceVersion(deviceVersion)
            .driverVersion(driverVersion)
            .backend(backend)
            .kernelHash(kernelHash);
    b.features.putAll(features);
    b.shapeBuckets.putAll(shapeBuckets);
    return b;
  }

  /**
   * The fields in a fixed order, each prefixed by its name; DiskCache.key length-prefixes each
   * part, so no two different keys share a canonical form.
   */
  List<String> canonicalParts() {
    List<String> parts = new ArrayList<>();
    parts.add(CANONICAL_VERSION);
    parts.add("device");
    parts.add(deviceName);
    parts.add("deviceVersion");
    parts.add(deviceVersion);
    parts.add("driver");
    parts.add(driverVersion);
    parts.add("backend");
    parts.add(backend);
    parts.add("kernel");
    parts.add(kernelHash);
    parts.add("features");
    parts.add(Integer.toString(features.size()));
    features.forEach((k, v) -> {
      parts.add(k);
      parts.add(v);
    });
    parts.add("shapes");
    parts.add(Integer.toString(shapeBuckets.size()));
    shapeBuckets.forEach((k, v) -> {
      parts.add(k);
      parts.add(Long.toString(v));
    });
    return parts;
  }

  /** The SHA-256 of the canonical form, 64 lower-case hex digits; the cache's file name. */
  public String hash() {
    return hash;
  }

  public String deviceName() {
    return deviceName;
  }

  /** The compute capability such as {@code 9.0}, or the OpenCL/JVM version. */
  public String deviceVersion() {
    return deviceVersion;
  }

  public String driverVersion() {
    return driverVersion;
  }

  public String backend() {
    return backend;
  }

  public String kernelHash() {
    return kernelHash;
  }

  /** Constexpr features such as {@code BLOCK=128}, {@code DTYPE=fp16}, sorted by name. */
  public SortedMap<String, String> features() {
    return features;
  }

  /** Run-time sizes rounded up to powers of two, sorted by name. */
  public SortedMap<String, Long> shapeBuckets() {
    return shapeBuckets;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TuningKey k && hash.equals(k.hash) && canonicalParts().equals(k.canonicalParts());
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    String kernel = kernelHash.length() > 12 ? kernelHash.substring(0, 12) : kernelHash;
    return backend + " " + deviceName + " (" + deviceVersion + ", driver " + driverVersion
        + ") kernel " + kernel + " " + features + " " + shapeBuckets;
  }

  /** Collects the facts; feature and shape order does not matter. */
  public static final class Builder {
    private String deviceName;
    private String deviceVersion = "";
    private String driverVersion = "";
    private String backend;
    private String kernelHash;
    private final TreeMap<String, String> features = new TreeMap<>();
    private final TreeMap<String, Long> shapeBuckets = new TreeMap<>();

    private Builder() {}

    public Builder deviceName(String deviceName) {
      this.deviceName = deviceName;
      return this;
    }

    public Builder deviceVersion(String deviceVersion) {
      this.deviceVersion = Objects.requireNonNull(deviceVersion, "deviceVersion");
      return this;
    }

    public Builder driverVersion(String driverVersion) {
      this.driverVersion = Objects.requireNonNull(driverVersion, "driverVersion");
      return this;
    }

    /** {@code cuda}, {@code opencl} or {@code jvm}. */
    public Builder backend(String backend) {
      this.backend = backend;
      return this;
    }

    public Builder kernelHash(String kernelHash) {
      this.kernelHash = kernelHash;
      return this;
    }

    /** A constexpr the kernel was specialized with; the value is kept as its string form. */
    public Builder feature(String name, Object value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, () -> "value of feature " + name);
      features.put(name, String.valueOf(value));
      return this;
    }

    public Builder features(Map<String, ?> values) {
      values.forEach(this::feature);
      return this;
    }

    /** A run-time size, stored as its power-of-two bucket. */
    public Builder shape(String dimension, long size) {
      Objects.requireNonNull(dimension, "dimension");
      shapeBuckets.put(dimension, ShapeBuckets.bucketOf(dimension, size));
      return this;
    }

    public Builder batchSize(long size) {
      return shape(BATCH, size);
    }

    public Builder sequenceLength(long size) {
      return shape(SEQUENCE_LENGTH, size);
    }

    public TuningKey build() {
      return new TuningKey(this);
    }
  }
}
