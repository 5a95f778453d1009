package dev.kgen.autotune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BudgetTest {
  @Test
  void combinesCountAndTime() {
    Budget b = Budget.builder().maxCandidates(50).maxWallTime(Duration.ofSeconds(30)).build();
    assertEquals(OptionalInt.of(50), b.maxCandidates());
    assertEquals("50 candidates, 30000 ms", b.toString());
    assertEquals(b, b.toBuilder().build());
    assertEquals("unlimited", Budget.unlimited().toString());
  }

  @Test
  void rejectsEmptyBudgets() {
    assertEquals(
        "a budget must allow at least 1 candidate, got 0",
        assertThrows(IllegalArgumentException.class, () -> Budget.ofCandidates(0)).getMessage());
    assertEquals(
        "a budget's wall time must be positive, got PT0S",
        assertThrows(IllegalArgumentException.class, () -> Budget.ofWallTime(Duration.ZERO)).getMessage());
  }
}
