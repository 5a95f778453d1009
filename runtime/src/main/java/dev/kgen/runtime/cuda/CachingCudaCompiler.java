package dev.kgen.runtime.cuda;

import dev.kgen.runtime.cache.CacheDirectory;
import dev.kgen.runtime.cache.DiskCache;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A compiler in front of a disk cache shared by every process that uses the same directory.
 * The key is a content hash of the source, kernel name, arch, output kind, options and the
 * compiler's id and version; entries are written atomically, so concurrent processes never
 * read a partial entry. Counts real compiler invocations per instance and per process.
 */
public final class CachingCudaCompiler implements CudaCompiler {
  /** Bumped when the entry layout changes so old entries are never misread. */
  static final String FORMAT = "kgen-cuda-cache-v1";

  private static final AtomicLong TOTAL_INVOCATIONS = new AtomicLong();

  private final CudaCompiler delegate;
  private final DiskCache cache;
  private final AtomicLong invocations = new AtomicLong();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong writeFailures = new AtomicLong();

  /** Caches in {@code CacheDirectory.of("cuda")}. */
  public CachingCudaCompiler(CudaCompiler delegate) {
    this(delegate, CacheDirectory.of("cuda"));
  }

  public CachingCudaCompiler(CudaCompiler delegate, Path directory) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.cache = new DiskCache(Objects.requireNonNull(directory, "directory"));
  }

  /** The content key of one compilation. */
  public static String key(
      String source, String kernelName, CudaTarget target, String compilerId, String version) {
    return DiskCache.key(List.of(
        FORMAT,
        source,
        kernelName,
        target.arch(),
        target.kind().name(),
        String.join("\u0000", target.options()),
        Integer.toString(target.options().size()),
        compilerId,
        version));
  }

  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public String version() {
    return delegate.version();
  }

  /** The compiler that runs on a miss. */
  public CudaCompiler delegate() {
    return delegate;
  }

  public Path directory() {
    return cache.directory();
  }

  @Override
  public CompiledCuda compile(String source, String kernelName, CudaTarget target) {
    String compilerVersion = delegate.version();
    String key = key(source, kernelName, target, delegate.id(), compilerVersion);
    String suffix = target.kind().suffix();
    Optional<byte[]> cached = cache.get(key, suffix);
    if (cached.isPresent() && cached.get().length > 0) {
      hits.incrementAndGet();
      String log = cache.get(key, suffix + ".log")
          .map(b -> new String(b, StandardCharsets.UTF_8))
          .orElse("");
      return new CompiledCuda(
          kernelName, target, cached.get(), log, delegate.id(), compilerVersion, true);
    }
    invocations.incrementAndGet();
    TOTAL_INVOCATIONS.incrementAndGet();
    CompiledCuda compiled = delegate.compile(source, kernelName, target);
    try {
      // The log goes first: whoever sees the binary entry also finds its log.
      cache.put(key, suffix + ".log", compiled.log().getBytes(StandardCharsets.UTF_8));
      cache.put(key, suffix, compiled.bytesUnsafe());
    } catch (UncheckedIOException e) {
      // An unwritable cache costs a recompile next time, never this compile's result.
      writeFailures.incrementAndGet();
    }
    return compiled;
  }

  /** Compilations this instance handed to its delegate (cache misses). */
  public long invocations() {
    return invocations.get();
  }

  /** Compilations this instance answered from the disk cache. */
  public long hits() {
    return hits.get();
  }

  /** Cache entries this instance failed to write. */
  public long writeFailures() {
    return writeFailures.get();
  }

  /** Compilations handed to a real compiler by every caching compiler of this process. */
  public static long totalInvocations() {
    return TOTAL_INVOCATIONS.get();
  }

  @Override
  public String toString() {
    return "CachingCudaCompiler[" + delegate + " in " + cache.directory() + "]";
  }
}
