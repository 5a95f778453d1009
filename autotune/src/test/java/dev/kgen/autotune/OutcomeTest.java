package dev.kgen.autotune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutcomeTest {
  @Test
  void aFailureScoresInfinitySoItNeverWins() {
    Outcome failed = Outcome.failed(Outcome.Stage.COMPILE, "ptxas: too many registers");
    assertEquals(Double.POSITIVE_INFINITY, failed.score());
    assertFalse(failed.succeeded());
    assertEquals("COMPILE: ptxas: too many registers", failed.toString());
  }

  @Test
  void aMeasurementScoresItsMedian() {
    Outcome m = Outcome.measured(new Measurement(2e-5, 0.01, 12, Measurement.Stop.CONVERGED));
    assertEquals(new Outcome.Measured(2e-5, 0.01, 12), m);
    assertEquals(2e-5, m.score());
    assertTrue(m.succeeded());
    assertEquals("20.000 us (spread 1.0%, n=12)", m.toString());
    assertThrows(IllegalArgumentException.class, () -> new Outcome.Measured(Double.NaN, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Outcome.Measured(1, 0, 0));
  }

  @Test
  void exceptionsBecomeFailuresAtTheirStage() {
    assertEquals(
        Outcome.failed(Outcome.Stage.WRONG_ANSWER, "out[3] = 2.0, expected 1.0"),
        CandidateFailure.outcomeOf(CandidateFailure.wrongAnswer("out[3] = 2.0, expected 1.0"), Outcome.Stage.LAUNCH));
    assertEquals(
        Outcome.failed(Outcome.Stage.LAUNCH, "IllegalStateException: CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES"),
        CandidateFailure.outcomeOf(
            new IllegalStateException("CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES"), Outcome.Stage.LAUNCH));
    assertEquals(
        Outcome.failed(Outcome.Stage.COMPILE, "NullPointerException"),
        CandidateFailure.outcomeOf(new NullPointerException(), Outcome.Stage.COMPILE));
  }
}
