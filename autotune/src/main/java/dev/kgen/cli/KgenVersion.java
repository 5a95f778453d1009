package dev.kgen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * kgen's version: the jar manifest's Implementation-Version (set when the fat jar is built),
 * else the version Maven recorded in the module's pom.properties, else {@code dev} when running
 * from classes.
 */
public final class KgenVersion implements IVersionProvider {
  static final String POM_PROPERTIES = "/META-INF/maven/dev.kgen/kgen-autotune/pom.properties";
  static final String FALLBACK = "dev";

  /** The running kgen's version. */
  public static String current() {
    String manifest = KgenVersion.class.getPackage().getImplementationVersion();
    try (InputStream pom = KgenVersion.class.getResourceAsStream(POM_PROPERTIES)) {
      return resolve(manifest, pom);
    } catch (IOException e) {
      return resolve(manifest, null);
    }
  }

  /** The first version found: the manifest's, then pom.properties', then {@code dev}. */
  static String resolve(String manifestVersion, InputStream pomProperties) {
    if (manifestVersion != null && !manifestVersion.isBlank()) {
      return manifestVersion.strip();
    }
    if (pomProperties != null) {
      Properties p = new Properties();
      try {
        p.load(pomProperties);
        String v = p.getProperty("version");
        if (v != null && !v.isBlank()) {
          return v.strip();
        }
      } catch (IOException | IllegalArgumentException e) {
        // An unreadable descriptor is no version; fall through.
      }
    }
    return FALLBACK;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"kgen " + current()};
  }
}
