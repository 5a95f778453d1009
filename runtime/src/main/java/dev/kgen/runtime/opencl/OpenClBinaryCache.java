package dev.kgen.runtime.opencl;

import dev.kgen.runtime.cache.DiskCache;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Program binaries on disk. The key covers everything a binary depends on: source, options and
 * the device's platform, name, OpenCL version and driver version, so a driver update is a miss.
 */
final class OpenClBinaryCache {
  private static final System.Logger LOG = System.getLogger(OpenClBinaryCache.class.getName());
  /** Bump when the meaning of a cached entry changes. */
  private static final String FORMAT = "kgen-opencl-binary/1";
  private static final String SUFFIX = ".clbin";

  private final DiskCache cache;

  OpenClBinaryCache(Path directory) {
    this.cache = new DiskCache(directory);
  }

  Path directory() {
    return cache.directory();
  }

  static String key(String source, String options, OpenClDeviceInfo device) {
    return DiskCache.key(
        List.of(
            FORMAT, source, options, device.platformName(), device.deviceName(), device.version(),
            device.driverVersion()));
  }

  /** The file a key's binary lives in. */
  Path pathOf(String key) {
    return cache.pathOf(key, SUFFIX);
  }

  Optional<byte[]> load(String key) {
    return cache.get(key, SUFFIX).filter(b -> b.length > 0);
  }

  /** Stores a binary; a cache that cannot be written costs a recompile later, never a failed build. */
  void store(String key, byte[] binary) {
    try {
      cache.put(key, SUFFIX, binary);
    } catch (UncheckedIOException e) {
      LOG.log(Level.WARNING, "not caching OpenCL binary " + key + ": " + e.getMessage());
    }
  }
}
