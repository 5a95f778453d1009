package dev.kgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kgen.autotune.Budget;
import dev.kgen.autotune.ExhaustiveStrategy;
import dev.kgen.autotune.Outcome;
import dev.kgen.autotune.Tuner;
import dev.kgen.autotune.TuningSpace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineProgressListenerTest {
  @Test
  void writesALinePerCandidateWithTheBestSoFar() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TuningSpace space = TuningSpace.builder().ints("TILE_N", 16, 32, 64, 128).build();
    try (LineProgressListener lines = new LineProgressListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), "tuning")) {
      Tuner.create().run(space, c -> c.getInt("TILE_N") == 64
              ? Outcome.failed(Outcome.Stage.COMPILE, "too much shared memory")
              : new Outcome.Measured(c.getInt("TILE_N") == 32 ? 1e-5 : 2e-5, 0, 5),
          new ExhaustiveStrategy(), Budget.unlimited(), lines);
    }
    assertEquals(List.of(
            "tuning: up to 4 candidates",
            "tuning 1/4: TILE_N=16 20.0 us (best so far)",
            "tuning 2/4: TILE_N=32 10.0 us (best so far)",
            "tuning 3/4: TILE_N=64 failed, COMPILE: too much shared memory; best TILE_N=32 10.0 us",
            "tuning 4/4: TILE_N=128 20.0 us; best TILE_N=32 10.0 us"),
        bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
