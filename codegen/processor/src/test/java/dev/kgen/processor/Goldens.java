package dev.kgen.processor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whole-file comparison of generated files with {@code src/test/resources/golden}. Run the tests
 * with {@code -Dkgen.updateGoldens=true} to rewrite the goldens, then review the diff.
 */
final class Goldens {
  static final String UPDATE_PROPERTY = "kgen.updateGoldens";
  private static final Path DIR = Path.of("src", "test", "resources", "golden");

  private Goldens() {}

  static void assertMatches(String name, String actual) throws IOException {
    Path file = DIR.resolve(name);
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(file)) {
      throw new AssertionError("golden " + file + " does not exist; run the tests with -D" + UPDATE_PROPERTY
          + "=true to create it, then review and commit it");
    }
    String expected = Files.readString(file, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      throw new AssertionError("generated " + name + " differs from golden " + file + " " + firstDifference(expected, actual)
          + "\nIf the change is intended, rerun with -D" + UPDATE_PROPERTY + "=true and review the diff of the goldens.");
    }
  }

  private static String firstDifference(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      String el = i < e.length ? e[i] : "<end of file>";
      String al = i < a.length ? a[i] : "<end of file>";
      if (!el.equals(al)) {
        return "at line " + (i + 1) + ":\n  golden:    " + el + "\n  generated: " + al;
      }
    }
    return "(line endings differ)";
  }
}
