package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CudaSmokeMainTest {
  @TempDir Path cacheDir;

  @Test
  void printsOkOnAGpuAndFailsWithExitCode1Without() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = CudaSmokeMain.run(new String[] {cacheDir.toString()},
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    if (CudaDevices.available()) {
      assertEquals(0, code, out);
      assertTrue(out.strip().endsWith("OK"), out);
    } else {
      assertEquals(1, code, out);
      assertTrue(out.startsWith("FAIL: no CUDA device: "), out);
    }
  }
}
