package dev.kgen.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the JVM chains signal handlers through the JDK's {@code libjsig}.
 *
 * <p>OpenCL compilers that run in the process (PoCL's LLVM, NVIDIA's) install their own
 * SIGSEGV handler over the JVM's. The JVM raises SIGSEGV on purpose (implicit null checks,
 * safepoint polls), so without chaining it dies at one of those, at once or when two threads
 * raise one together: "Segmentation fault", no error report. Preloading {@code libjsig.so}
 * keeps the JVM's handler in place and calls the other one only for signals the JVM does not
 * expect.
 */
public final class SignalChaining {
  private static final Path MAPS = Path.of("/proc/self/maps");

  private SignalChaining() {}

  /** Whether libjsig is loaded; empty where the process's mappings cannot be read (not Linux). */
  public static Optional<Boolean> active() {
    if (!Files.isReadable(MAPS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(mapsLoadLibjsig(Files.readString(MAPS)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Whether a {@code /proc/<pid>/maps} text maps {@code libjsig.so}. */
  static boolean mapsLoadLibjsig(String maps) {
    return maps.lines().anyMatch(line -> line.endsWith("/libjsig.so"));
  }

  /** The one-line warning for a process about to compile OpenCL without chaining, or empty when none is due. */
  public static Optional<String> warningBeforeOpenCl() {
    if (active().orElse(true)) { // chained, or not known to be unchained
      return Optional.empty();
    }
    return Optional.of("warning: the JVM runs without signal chaining, and an OpenCL compiler that installs its own"
        + " SIGSEGV handler (PoCL's, NVIDIA's) can then crash it; start java with LD_PRELOAD="
        + Path.of(System.getProperty("java.home"), "lib", "libjsig.so") + " (./kgen does)");
  }
}
