package dev.kgen.runtime.cache;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where kgen keeps its caches: {@code $KGEN_CACHE_DIR} when set, else
 * {@code $XDG_CACHE_HOME/kgen}, else {@code ~/.cache/kgen}.
 */
public final class CacheDirectory {
  public static final String ENV = "KGEN_CACHE_DIR";

  private CacheDirectory() {}

  /** The root cache directory (not created). */
  public static Path root() {
    String explicit = System.getenv(ENV);
    if (explicit != null && !explicit.isBlank()) {
      return Paths.get(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Paths.get(xdg, "kgen");
    }
    return Paths.get(System.getProperty("user.home"), ".cache", "kgen");
  }

  /** A named sub-directory of the root, e.g. {@code cuda}, {@code opencl}, {@code tune}. */
  public static Path of(String name) {
    return root().resolve(name);
  }
}
