package dev.kgen.autotune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TrialTest {
  @Test
  void printsItsNumberConfigurationAndOutcome() {
    Trial t = new Trial(3, Configuration.parse("A=1"), Outcome.failed(Outcome.Stage.TIMEOUT, "over 10 s"));
    assertEquals("#3 A=1: TIMEOUT: over 10 s", t.toString());
    assertEquals(Double.POSITIVE_INFINITY, t.score());
  }
}
