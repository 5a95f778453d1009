package dev.kgen.autotune.cache;

import dev.kgen.autotune.Configuration;
import dev.kgen.autotune.TuningResult;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The outcome of tuning one key, as the cache stores it: the best configuration and its median
 * time, its bandwidth when the kernel's traffic is known, the default configuration's time for
 * comparison, when it was tuned and by which kgen.
 */
public final class TuningRecord {
  private final TuningKey key;
  private final Configuration best;
  private final double medianSeconds;
  private final OptionalDouble gigabytesPerSecond;
  private final OptionalDouble defaultSeconds;
  private final Instant timestamp;
  private final String kgenVersion;

  private TuningRecord(Builder b) {
    this.key = Objects.requireNonNull(b.key, "a tuning record needs its key");
    this.best = Objects.requireNonNull(b.best, "a tuning record needs its best configuration");
    this.timestamp = Objects.requireNonNull(b.timestamp, "timestamp");
    this.kgenVersion = Objects.requireNonNull(b.kgenVersion, "kgenVersion");
    if (!(b.medianSeconds >= 0) || Double.isInfinite(b.medianSeconds)) {
      throw new IllegalArgumentException(
          "a tuning record's median must be a finite number of seconds >= 0, got " + b.medianSeconds);
    }
    this.medianSeconds = b.medianSeconds;
    this.gigabytesPerSecond = b.gigabytesPerSecond;
    this.defaultSeconds = b.defaultSeconds;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding a search's best configuration and its time and the default's time; the
   * caller adds bandwidth and version. Fails when no candidate ran correctly, as there is then
   * nothing worth remembering.
   */
  public static Builder fromResult(TuningKey key, TuningResult result) {
    var best =
        result
            .best()
            .orElseThrow(
                () -> new IllegalArgumentException(
                    "no candidate ran correctly for " + key + ", so there is no record to cache"));
    Builder b = builder().key(key).best(best.configuration()).medianSeconds(best.score());
    if (result.defaultTrial().succeeded()) {
      b.defaultSeconds(result.defaultTrial().score());
    }
    return b;
  }

  public Builder toBuilder() {
    Builder b =
        builder()
            .key(key)
            .best(best)
            .medianSeconds(medianSeconds)
            .timestamp(timestamp)
            .kgenVersion(kgenVersion);
    b.gigabytesPerSecond = gigabytesPerSecond;
    b.defaultSeconds = defaultSeconds;
    return b;
  }

  public TuningKey key() {
    return key;
  }

  public String keyHash() {
    return key.hash();
  }

  public Configuration best() {
    return best;
  }

  public double medianSeconds() {
    return medianSeconds;
  }

  public OptionalDouble gigabytesPerSecond() {
    return gigabytesPerSecond;
  }

  public OptionalDouble defaultSeconds() {
    return defaultSeconds;
  }

  /** Default time over best time, when the default ran. */
  public OptionalDouble speedupOverDefault() {
    if (defaultSeconds.isEmpty() || medianSeconds == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(defaultSeconds.getAsDouble() / medianSeconds);
  }

  public Instant timestamp() {
    return timestamp;
  }

  public String kgenVersion() {
    return kgenVersion;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TuningRecord r
        && key.equals(r.key)
        && best.equals(r.best)
        && Double.compare(medianSeconds, r.medianSeconds) == 0
        && gigabytesPerSecond.equals(r.gigabytesPerSecond)
        && defaultSeconds.equals(r.defaultSeconds)
        && timestamp.equals(r.timestamp)
        && kgenVersion.equals(r.kgenVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, best, medianSeconds, gigabytesPerSecond, defaultSeconds, timestamp, kgenVersion);
  }

  @Override
  public String toString() {
    return "TuningRecord{" + key.hash().substring(0, 12) + " " + best + " " + medianSeconds + " s}";
  }

  /** The timestamp defaults to now and the version to "dev". */
  public static final class Builder {
    private TuningKey key;
    private Configuration best;
    private double medianSeconds = Double.NaN;
    private OptionalDouble gigabytesPerSecond = OptionalDouble.empty();
    private OptionalDouble defaultSeconds = OptionalDouble.empty();
    private Instant timestamp = Instant.now();
    private String kgenVersion = "dev";

    private Builder() {}

    public Builder key(TuningKey key) {
      this.key = key;
      return this;
    }

    public Builder best(Configuration best) {
      this.best = best;
      return this;
    }

    public Builder medianSeconds(double seconds) {
      this.medianSeconds = seconds;
      return this;
    }

    public Builder gigabytesPerSecond(double gbPerSecond) {
      this.gigabytesPerSecond = OptionalDouble.of(gbPerSecond);
      return this;
    }

    public Builder defaultSeconds(double seconds) {
      this.defaultSeconds = OptionalDouble.of(seconds);
      return this;
    }

    public Builder timestamp(Instant timestamp) {
      this.timestamp = timestamp;
      return this;
    }

    public Builder kgenVersion(String version) {
      this.kgenVersion = version;
      return this;
    }

    public TuningRecord build() {
      return new TuningRecord(this);
    }
  }
}
