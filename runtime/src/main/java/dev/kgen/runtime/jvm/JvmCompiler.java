package dev.kgen.runtime.jvm;

import dev.kgen.codegen.jvm.JavaSource;
import dev.kgen.errors.KgenInternalError;
import dev.kgen.runtime.cache.CacheDirectory;
import dev.kgen.runtime.cache.DiskCache;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns generated Java into loaded classes: compiles in process with javax.tools, keeps the
 * class files in a {@link DiskCache} so later processes load them without compiling, and
 * defines each kernel in its own class loader. The cache key covers the source text, the Java
 * specification version and the emitter version, so a new JDK or emitter never loads stale
 * classes.
 */
public final class JvmCompiler {
  static final String SUFFIX = ".jvmclasses";

  private static final AtomicInteger COMPILATIONS = new AtomicInteger();
  private static volatile JvmCompiler shared;

  private final DiskCache cache;
  private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();

  /** A compiler over the given cache (tests pass a temporary directory). */
  public JvmCompiler(DiskCache cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /** A compiler over the default cache, {@code CacheDirectory.of("jvm")}. */
  public JvmCompiler() {
    this(new DiskCache(CacheDirectory.of("jvm")));
  }

  /** The process-wide compiler over the default cache. */
  public static JvmCompiler shared() {
    JvmCompiler c = shared;
    if (c == null) {
      synchronized (JvmCompiler.class) {
        c = shared;
        if (c == null) {
          c = shared = new JvmCompiler();
        }
      }
    }
    return c;
  }

  public DiskCache cache() {
    return cache;
  }

  /** How many sources this process has compiled with javac (cache hits do not count). */
  public static int compilations() {
    return COMPILATIONS.get();
  }

  /** The disk cache key of a source: its SHA-256, the Java specification version, the emitter version. */
  public static String cacheKey(JavaSource source) {
    return DiskCache.key(List.of("jvm", source.emitterVersion(), "java-" + System.getProperty("java.specification.version"),
        source.qualifiedName(), sha256(source.text())));
  }

  /**
   * The generated class for a source: from this compiler's memory, else from the disk cache,
   * else compiled (and stored). Needs a JDK only in the last case.
   */
  public Class<?> load(JavaSource source) {
    String key = cacheKey(source);
    return loaded.computeIfAbsent(key, k -> define(source, classes(source, k)));
  }

  private ClassBundle classes(JavaSource source, String key) {
    ClassBundle cached = cache.get(key, SUFFIX)
        .flatMap(ClassBundle::parse)
        .filter(b -> b.classes().containsKey(source.qualifiedName()))
        .orElse(null);
    if (cached != null) {
      return cached;
    }
    ClassBundle compiled = InMemoryJavac.compile(source, InMemoryJavac.systemCompiler(source.kernelName()));
    COMPILATIONS.incrementAndGet();
    cache.put(key, SUFFIX, compiled.serialize());
    return compiled;
  }

  private static Class<?> define(JavaSource source, ClassBundle bundle) {
    try {
      return Class.forName(source.qualifiedName(), true, new GeneratedClassLoader(bundle));
    } catch (ClassNotFoundException | LinkageError e) {
      throw new KgenInternalError("JVM backend: cannot load " + source.qualifiedName() + " for kernel "
          + source.kernelName() + ": " + e, e);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
