package dev.kgen.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One build-time specialization as a generated launcher refers to it: the kernel's name, the
 * hash of its specialized IR, its entry point, threads per program and parameter count. Its
 * sources are resources next to the launcher, at {@link #resourcePath(String, String, String)}:
 * {@code META-INF/kgen/<kernel>/<first 16 hex digits of the hash>.<cu|cl|ptx>}.
 */
public final class KernelSource {
  /** Hex digits of the IR hash that name a specialization's resources. */
  public static final int FILE_HASH_DIGITS = 16;
  /** The resource folder of all generated kernels. */
  public static final String RESOURCE_ROOT = "META-INF/kgen";

  private final Class<?> owner;
  private final String kernel;
  private final String hash;
  private final String entryName;
  private final int threadsPerProgram;
  private final int parameterCount;

  private KernelSource(Builder b) {
    this.owner = Objects.requireNonNull(b.owner, "owner");
    this.kernel = identifier("kernel", b.kernel);
    this.entryName = identifier("entryName", b.entryName);
    if (b.hash == null || !b.hash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "kernel " + kernel + ": hash '" + b.hash + "' must be 64 lower-case hex digits (the IR's SHA-256)");
    }
    this.hash = b.hash;
    if (b.threadsPerProgram < 1 || Integer.bitCount(b.threadsPerProgram) != 1) {
      throw new IllegalArgumentException(
          "kernel " + kernel + ": threadsPerProgram " + b.threadsPerProgram + " must be a power of two");
    }
    this.threadsPerProgram = b.threadsPerProgram;
    if (b.parameterCount < 0) {
      throw new IllegalArgumentException("kernel " + kernel + ": parameterCount " + b.parameterCount + " must be >= 0");
    }
    this.parameterCount = b.parameterCount;
  }

  private static String identifier(String what, String value) {
    if (value == null || !value.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(what + " '" + value + "' must be a C identifier");
    }
    return value;
  }

  /**
   * Starts a kernel source; {@link Builder#hash} is required.
   *
   * @param owner the class whose class loader holds the resources (the generated launcher)
   * @param kernel the kernel's name, e.g. {@code row_softmax}
   */
  public static Builder builder(Class<?> owner, String kernel) {
    return new Builder(owner, kernel);
  }

  /** {@code META-INF/kgen/<kernel>/<hash prefix>.<extension>}. */
  public static String resourcePath(String kernel, String hash, String extension) {
    return RESOURCE_ROOT + "/" + kernel + "/" + hash.substring(0, FILE_HASH_DIGITS) + "." + extension;
  }

  public String kernel() {
    return kernel;
  }

  public String hash() {
    return hash;
  }

  public String entryName() {
    return entryName;
  }

  public int threadsPerProgram() {
    return threadsPerProgram;
  }

  /** Arguments a launch passes: one per kernel parameter, read or not. */
  public int parameterCount() {
    return parameterCount;
  }

  /** Where the resource with this extension ({@code cu}, {@code cl}, {@code ptx}) lives. */
  public String resourcePath(String extension) {
    return resourcePath(kernel, hash, extension);
  }

  /** The resource's text, if the owner's class loader finds it. */
  public Optional<String> read(String extension) {
    String path = resourcePath(extension);
    ClassLoader loader = owner.getClassLoader() != null ? owner.getClassLoader() : ClassLoader.getSystemClassLoader();
    try (InputStream in = loader.getResourceAsStream(path)) {
      return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + path + ": " + e.getMessage(), e);
    }
  }

  /** The resource's text, or a {@link LaunchException} that says where it was looked for. */
  public String require(String extension) {
    return read(extension).orElseThrow(() -> new LaunchException(
        this + ": resource " + resourcePath(extension) + " is not on the class path of " + owner.getName()
            + "; kgen-processor writes it next to the launcher at build time: ship the classes output"
            + " (or jar) the launcher was compiled into, resources included"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KernelSource k && k.owner == owner && k.hash.equals(hash) && k.kernel.equals(kernel)
        && k.entryName.equals(entryName) && k.threadsPerProgram == threadsPerProgram
        && k.parameterCount == parameterCount;
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  /** e.g. {@code row_softmax@0f3a5c7e9b1d2f40}. */
  @Override
  public String toString() {
    return kernel + "@" + hash.substring(0, FILE_HASH_DIGITS);
  }

  /** Collects the launch facts of a specialization; the owner and kernel come first. */
  public static final class Builder {
    private final Class<?> owner;
    private final String kernel;
    private String hash;
    private String entryName;
    private int threadsPerProgram = 128;
    private int parameterCount;

    private Builder(Class<?> owner, String kernel) {
      this.owner = owner;
      this.kernel = kernel;
      this.entryName = kernel;
    }

    /** The SHA-256 of the specialized kernel's printed IR, 64 hex digits. */
    public Builder hash(String hash) {
      this.hash = hash;
      return this;
    }

    /** The kernel function's name in the sources; by default the kernel's name. */
    public Builder entryName(String name) {
      this.entryName = name;
      return this;
    }

    public Builder threadsPerProgram(int threads) {
      this.threadsPerProgram = threads;
      return this;
    }

    public Builder parameterCount(int count) {
      this.parameterCount = count;
      return this;
    }

    public KernelSource build() {
      return new KernelSource(this);
    }
  }
}
