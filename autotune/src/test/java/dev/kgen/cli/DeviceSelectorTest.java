package dev.kgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {
  @Test
  void anIndexMatchesByPosition() {
    DeviceSelector s = DeviceSelector.parse("1");
    assertEquals(OptionalInt.of(1), s.index());
    assertTrue(s.matches(1, "NVIDIA H100"));
    assertFalse(s.matches(0, "NVIDIA H100"));
  }

  @Test
  void aNameFragmentMatchesIgnoringCase() {
    DeviceSelector s = DeviceSelector.parse("h100");
    assertTrue(s.matches(3, "NVIDIA H100 80GB HBM3"));
    assertFalse(s.matches(0, "NVIDIA A100"));
    assertEquals("h100", s.toString());
  }

  @Test
  void emptyIsRejected() {
    assertEquals(
        "a device selector must be a device index such as 0 or part of a device name such as h100;"
            + " got an empty one",
        assertThrows(IllegalArgumentException.class, () -> DeviceSelector.parse(" ")).getMessage());
  }
}
