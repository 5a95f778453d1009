package dev.kgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KgenVersionTest {
  private static ByteArrayInputStream properties(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void theManifestWinsThenMavensDescriptorThenDev() {
    assertEquals("1.2.0", KgenVersion.resolve("1.2.0", properties("version=0.9")));
    assertEquals("0.9", KgenVersion.resolve(null, properties("groupId=dev.kgen\nversion=0.9\n")));
    assertEquals("dev", KgenVersion.resolve(" ", properties("groupId=dev.kgen\n")));
    assertEquals("dev", KgenVersion.resolve(null, null));
  }

  @Test
  void providesTheVersionLine() {
    assertEquals("kgen " + KgenVersion.current(), new KgenVersion().getVersion()[0]);
  }
}
