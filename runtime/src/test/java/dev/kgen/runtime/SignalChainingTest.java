package dev.kgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignalChainingTest {
  @Test
  void findsLibjsigAmongTheMappings() {
    String maps = "7f00-7f10 r-xp 00000000 08:01 42 /usr/lib/jvm/java-17/lib/libjsig.so\n"
        + "7f20-7f30 r-xp 00000000 08:01 43 /usr/lib/jvm/java-17/lib/server/libjvm.so\n";
    assertTrue(SignalChaining.mapsLoadLibjsig(maps));
  }

  @Test
  void otherLibrariesAreNotLibjsig() {
    String maps = "7f20-7f30 r-xp 00000000 08:01 43 /usr/lib/jvm/java-17/lib/server/libjvm.so\n"
        + "7f40-7f50 r-xp 00000000 08:01 44 /usr/lib/x86_64-linux-gnu/libjsig.so.bak\n"
        + "7f60-7f70 rw-p 00000000 00:00 0 [heap]\n";
    assertFalse(SignalChaining.mapsLoadLibjsig(maps));
  }

  /**
   * The suites load PoCL into the JVM that runs the JVM backend's threads; without chaining that
   * JVM dies now and then with "Segmentation fault" (the root pom's signal-chaining profile
   * preloads libjsig).
   */
  @Test
  void theTestJvmChainsSignals() {
    Path libjsig = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
    assumeTrue(Files.isRegularFile(libjsig) && SignalChaining.active().isPresent(), "not Linux, or a JDK without libjsig");
    assertEquals(Optional.of(true), SignalChaining.active(), "surefire did not preload " + libjsig);
    assertEquals(Optional.empty(), SignalChaining.warningBeforeOpenCl());
  }
}
