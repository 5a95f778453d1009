package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk cache is shared between processes: a second JVM compiles nothing. */
class CachingCudaCompilerProcessTest {
  @TempDir Path cacheDir;

  private String runChild() throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        CachedCompileMain.class.getName(), cacheDir.toString())
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertEquals(0, p.waitFor(), out);
    List<String> lines = out.lines().toList();
    return lines.get(lines.size() - 1);
  }

  @Test
  void secondProcessReadsTheFirstProcessesEntry() throws Exception {
    TestDevices.requireNvcc();
    assertEquals("invocations=1 fromCache=false entry=true", runChild());
    try (Stream<Path> files = Files.list(cacheDir)) {
      assertTrue(files.anyMatch(f -> f.toString().endsWith(".ptx")));
    }
    assertEquals("invocations=0 fromCache=true entry=true", runChild());
  }
}
