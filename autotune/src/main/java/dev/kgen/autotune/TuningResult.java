package dev.kgen.autotune;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a search found: the best successful trial (none when every candidate failed), the default
 * configuration's trial to compare against, every trial with its outcome or failure reason, the
 * configurations constraints pruned, and why the search stopped.
 */
public record TuningResult(
    String strategy,
    Trial defaultTrial,
    Optional<Trial> best,
    List<Trial> trials,
    List<PrunedConfiguration> pruned,
    StopReason stopReason,
    Duration elapsed) {

  public TuningResult {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(defaultTrial, "defaultTrial");
    Objects.requireNonNull(best, "best");
    trials = List.copyOf(trials);
    pruned = List.copyOf(pruned);
    Objects.requireNonNull(stopReason, "stopReason");
    Objects.requireNonNull(elapsed, "elapsed");
    if (best.isPresent() && !best.get().succeeded()) {
      throw new IllegalArgumentException("the best trial must have succeeded, got " + best.get());
    }
  }

  public Optional<Configuration> bestConfiguration() {
    return best.map(Trial::configuration);
  }

  /** The trials that failed, in evaluation order. */
  public List<Trial> failures() {
    return trials.stream().filter(t -> !t.succeeded()).toList();
  }

  /** Default time over best time; empty unless both the default and some candidate ran. */
  public OptionalDouble speedupOverDefault() {
    if (best.isEmpty() || !defaultTrial.succeeded() || best.get().score() == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(defaultTrial.score() / best.get().score());
  }

  /** A one-line summary such as {@code best TILE_N=64: 12.000 us, 1.50x over default ...}. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    if (best.isPresent()) {
      sb.append("best ").append(best.get().configuration()).append(": ").append(best.get().outcome());
    } else {
      sb.append("no candidate ran correctly");
    }
    speedupOverDefault().ifPresent(s -> sb.append(String.format(", %.2fx over default", s)));
    sb.append("; ").append(trials.size()).append(" evaluated, ")
        .append(failures().size()).append(" failed, ")
        .append(pruned.size()).append(" pruned (")
        .append(strategy).append(", ").append(stopReason.name().toLowerCase()).append(')');
    return sb.toString();
  }
}
