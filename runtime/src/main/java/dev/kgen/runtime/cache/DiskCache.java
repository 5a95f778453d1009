package dev.kgen.runtime.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A directory of immutable blobs addressed by content keys. Writes go to a temporary file in
 * the same directory and are moved into place atomically, so a reader never sees a partial
 * entry and two processes writing the same key both succeed.
 */
public final class DiskCache {
  private final Path dir;

  public DiskCache(Path dir) {
    this.dir = dir;
  }

  public Path directory() {
    return dir;
  }

  /** A hex SHA-256 over the parts, separated so that ("ab","c") and ("a","bc") differ. */
  public static String key(List<String> parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        byte[] b = p.getBytes(StandardCharsets.UTF_8);
        md.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
        md.update((byte) ':');
        md.update(b);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** The entry's path for a key and a file suffix such as {@code .ptx}. */
  public Path pathOf(String key, String suffix) {
    return dir.resolve(key + suffix);
  }

  /** The bytes stored under the key, if any. */
  public Optional<byte[]> get(String key, String suffix) {
    Path p = pathOf(key, suffix);
    try {
      return Files.isRegularFile(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // an unreadable entry is a miss, never a failure
    }
  }

  /** Stores the bytes under the key atomically. */
  public Path put(String key, String suffix, byte[] bytes) {
    Path target = pathOf(key, suffix);
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".tmp-" + key.substring(0, Math.min(12, key.length())), suffix);
      try {
        Files.write(tmp, bytes);
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write cache entry " + target + ": " + e.getMessage(), e);
    }
  }
}
