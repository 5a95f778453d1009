package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessResultTest {
  @Test
  void mergesStdoutAndStderr() throws IOException {
    ProcessResult r = ProcessResult.run(
        List.of("sh", "-c", "echo out; echo err >&2; exit 3"), null, 30);
    assertEquals(3, r.exitCode());
    assertTrue(r.output().contains("out") && r.output().contains("err"), r.output());
  }

  @Test
  void aHungProcessTimesOut() {
    var e = assertThrows(IOException.class,
        () -> ProcessResult.run(List.of("sleep", "30"), null, 1));
    assertEquals("sleep 30 did not finish within 1 s", e.getMessage());
  }
}
