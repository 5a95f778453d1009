package dev.kgen.autotune;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How much a search may spend: a number of evaluated candidates, a wall time, or both. The
 * candidate that is running when the time runs out is finished; no new one starts.
 */
public final class Budget {
  private static final Budget UNLIMITED = new Budget(new Builder());

  private final OptionalInt maxCandidates;
  private final Optional<Duration> maxWallTime;

  private Budget(Builder b) {
    if (b.maxCandidates != null && b.maxCandidates < 1) {
      throw new IllegalArgumentException(
          "a budget must allow at least 1 candidate, got " + b.maxCandidates);
    }
    if (b.maxWallTime != null && (b.maxWallTime.isNegative() || b.maxWallTime.isZero())) {
      throw new IllegalArgumentException("a budget's wall time must be positive, got " + b.maxWallTime);
    }
    this.maxCandidates = b.maxCandidates == null ? OptionalInt.empty() : OptionalInt.of(b.maxCandidates);
    this.maxWallTime = Optional.ofNullable(b.maxWallTime);
  }

  public static Budget unlimited() {
    return UNLIMITED;
  }

  public static Budget ofCandidates(int candidates) {
    return builder().maxCandidates(candidates).build();
  }

  public static Budget ofWallTime(Duration wallTime) {
    return builder().maxWallTime(wallTime).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    maxCandidates.ifPresent(b::maxCandidates);
    maxWallTime.ifPresent(b::maxWallTime);
    return b;
  }

  public OptionalInt maxCandidates() {
    return maxCandidates;
  }

  public Optional<Duration> maxWallTime() {
    return maxWallTime;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Budget b && maxCandidates.equals(b.maxCandidates) && maxWallTime.equals(b.maxWallTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxCandidates, maxWallTime);
  }

  @Override
  public String toString() {
    if (maxCandidates.isEmpty() && maxWallTime.isEmpty()) {
      return "unlimited";
    }
    StringBuilder sb = new StringBuilder();
    maxCandidates.ifPresent(n -> sb.append(n).append(" candidates"));
    maxWallTime.ifPresent(t -> sb.append(sb.length() > 0 ? ", " : "").append(t.toMillis()).append(" ms"));
    return sb.toString();
  }

  /** Unlimited unless set. */
  public static final class Builder {
    private Integer maxCandidates;
    private Duration maxWallTime;

    private Builder() {}

    public Builder maxCandidates(int candidates) {
      this.maxCandidates = candidates;
      return this;
    }

    public Builder maxWallTime(Duration wallTime) {
      this.maxWallTime = Objects.requireNonNull(wallTime, "wallTime");
      return this;
    }

    public Budget build() {
      return new Budget(this);
    }
  }
}
