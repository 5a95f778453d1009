package dev.kgen.launch;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Device binaries on disk, one file per key, so a program's second start skips the device
 * compiler. Keys are SHA-256 hashes of everything a binary depends on; a write goes to a
 * temporary file moved into place atomically. The cache never fails a build: an unreadable or
 * unwritable entry only costs a compile.
 *
 * <p>The folder is {@code $KGEN_CACHE_DIR/launch}, else {@code $XDG_CACHE_HOME/kgen/launch},
 * else {@code ~/.cache/kgen/launch}, with one sub-folder per platform.
 */
final class BinaryCache {
  private static final System.Logger LOG = System.getLogger(BinaryCache.class.getName());

  private final Path directory;

  BinaryCache(Path directory) {
    this.directory = directory;
  }

  static Path defaultDirectory(String platform) {
    String explicit = System.getenv("KGEN_CACHE_DIR");
    Path root;
    if (explicit != null && !explicit.isBlank()) {
      root = Paths.get(explicit);
    } else {
      String xdg = System.getenv("XDG_CACHE_HOME");
      root = xdg != null && !xdg.isBlank() ? Paths.get(xdg, "kgen") : Paths.get(System.getProperty("user.home"), ".cache", "kgen");
    }
    return root.resolve("launch").resolve(platform);
  }

  /** SHA-256 over the parts, each prefixed by its length so no two lists share a hash. */
  static String key(List<String> parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        byte[] b = p.getBytes(StandardCharsets.UTF_8);
        md.update((b.length + ":").getBytes(StandardCharsets.UTF_8));
        md.update(b);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  Path directory() {
    return directory;
  }

  Optional<byte[]> load(String key, String suffix) {
    try {
      byte[] b = Files.readAllBytes(directory.resolve(key + suffix));
      return b.length == 0 ? Optional.empty() : Optional.of(b);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "ignoring unreadable cached binary " + key + suffix + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  void store(String key, String suffix, byte[] bytes) {
    Path target = directory.resolve(key + suffix);
    Path temp = null;
    try {
      Files.createDirectories(directory);
      temp = Files.createTempFile(directory, key, ".tmp");
      Files.write(temp, bytes);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "not caching binary " + key + suffix + " in " + directory + ": " + e.getMessage());
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort: a stray temporary file is harmless
        }
      }
    }
  }
}
