package dev.kgen.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OpenClCallsTest {
  @Test
  void successDoesNotBuildTheDescription() {
    OpenClCalls.check(0, "clFinish", () -> {
      throw new AssertionError("the description is only needed on failure");
    });
  }

  @Test
  void failureNamesCallErrorAndActivity() {
    OpenClTestSupport.requireDevice(); // error names come from JOCL's native library
    OpenClException e = assertThrows(OpenClException.class, () -> OpenClCalls.check(-5, "clFinish", () -> "waiting"));
    assertEquals("clFinish failed with CL_OUT_OF_RESOURCES (-5) while waiting", e.getMessage());
  }
}
