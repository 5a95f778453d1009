package dev.kgen.runtime.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A finished child process: its exit code and its stdout and stderr merged in order. */
record ProcessResult(int exitCode, String output) {

  /**
   * Runs the command in the directory and waits at most {@code timeoutSeconds}.
   *
   * @throws IOException when the program cannot be started or the wait times out
   */
  static ProcessResult run(List<String> command, Path workDir, long timeoutSeconds)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    Process process = pb.start();
    process.getOutputStream().close();
    // Read on a separate thread so a hung child cannot outlive the timeout.
    AtomicReference<String> out = new AtomicReference<>("");
    Thread reader = new Thread(() -> {
      try (InputStream in = process.getInputStream()) {
        out.set(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        out.set("[kgen: reading the output failed: " + e.getMessage() + "]");
      }
    }, "kgen-process-output");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
      }
      reader.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + command.get(0), e);
    }
    return new ProcessResult(process.exitValue(), out.get());
  }
}
