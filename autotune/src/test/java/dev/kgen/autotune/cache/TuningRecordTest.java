package dev.kgen.autotune.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kgen.autotune.Budget;
import dev.kgen.autotune.Configuration;
import dev.kgen.autotune.ExhaustiveStrategy;
import dev.kgen.autotune.Outcome;
import dev.kgen.autotune.Tuner;
import dev.kgen.autotune.TuningResult;
import dev.kgen.autotune.TuningSpace;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TuningRecordTest {
  private static final TuningSpace SPACE = TuningSpace.builder().ints("TILE_N", 16, 32, 64).build();

  @Test
  void isBuiltFromATuningResult() {
    TuningResult result =
        Tuner.create()
            .run(SPACE, c -> new Outcome.Measured(1.0 / c.getInt("TILE_N"), 0, 5), new ExhaustiveStrategy(), Budget.unlimited());
    TuningRecord r = TuningRecord.fromResult(Fixtures.key(8), result).gigabytesPerSecond(10).build();
    assertEquals(Configuration.parse("TILE_N=64"), r.best());
    assertEquals(1.0 / 64, r.medianSeconds());
    assertEquals(OptionalDouble.of(1.0 / 16), r.defaultSeconds());
    assertEquals(4.0, r.speedupOverDefault().getAsDouble(), 1e-12);
  }

  @Test
  void aSearchWithoutAWinnerIsNotRecorded() {
    TuningResult result =
        Tuner.create().run(SPACE, c -> Outcome.failed(Outcome.Stage.COMPILE, "no"), new ExhaustiveStrategy(), Budget.unlimited());
    assertEquals(
        "no candidate ran correctly for " + Fixtures.key(8) + ", so there is no record to cache",
        assertThrows(IllegalArgumentException.class, () -> TuningRecord.fromResult(Fixtures.key(8), result))
            .getMessage());
  }

  @Test
  void rejectsAnImpossibleMedian() {
    assertEquals(
        "a tuning record's median must be a finite number of seconds >= 0, got NaN",
        assertThrows(
                IllegalArgumentException.class,
                () -> TuningRecord.builder().key(Fixtures.key(1)).best(Configuration.empty()).build())
            .getMessage());
  }
}
