package dev.kgen.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.autotune.Budget;
import dev.kgen.autotune.ExhaustiveStrategy;
import dev.kgen.autotune.Outcome;
import dev.kgen.autotune.Tuner;
import dev.kgen.autotune.TuningSpace;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

class ProgressBarListenerTest {
  @Test
  void drawsTheCountAndTheBestSoFar() {
    List<String> frames = new CopyOnWriteArrayList<>();
    TuningSpace space =
        TuningSpace.builder()
            .ints("TILE_N", 16, 32, 64, 128)
            .constraint("smem", "128 does not fit", c -> c.getInt("TILE_N") < 128)
            .build();
    try (ProgressBarListener bar = new ProgressBarListener("tune", new DelegatingProgressBarConsumer(frames::add, 120))) {
      Tuner.create()
          .run(space, c -> new Outcome.Measured(1e-3 / c.getInt("TILE_N"), 0, 5), new ExhaustiveStrategy(), Budget.unlimited(), bar);
    }
    String last = frames.get(frames.size() - 1);
    assertTrue(last.startsWith("tune 100%"), last);
    assertTrue(last.contains("3/3 candidates"), last);
    assertTrue(last.contains("best TILE_N=64 15.6 us"), last);
  }
}
