package dev.kgen.autotune.cache;

import dev.kgen.runtime.cache.CacheDirectory;
import dev.kgen.runtime.cache.DiskCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The best configuration per tuning key, one JSON file per key named by the key's hash. Writes go
 * to a temporary file moved into place atomically, so concurrent tuners (threads or processes)
 * never leave a torn file: a reader sees one whole record or another. A file that cannot be read
 * as a record of its key is moved aside to {@code <name>.corrupt-<timestamp>} with a warning and
 * counts as a miss; the cache never fails a lookup because of its contents.
 */
public final class TuningCache {
  /** Overrides the default directory. */
  public static final String ENV = "KGEN_TUNE_CACHE";

  private static final Logger LOG = LoggerFactory.getLogger(TuningCache.class);
  private static final String SUFFIX = ".json";
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern RECORD_FILE = Pattern.compile("[0-9a-f]{64}\\.json");
  private static final String CORRUPT_MARK = ".corrupt-";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Path directory;
  private final DiskCache files;
  private final Consumer<String> warnings;
  private final Clock clock;

  private TuningCache(Builder b) {
    this.directory = Objects.requireNonNull(b.directory, "a tuning cache needs its directory");
    this.files = new DiskCache(directory);
    this.warnings = b.warnings;
    this.clock = b.clock;
  }

  /** A cache in the directory, warning through slf4j. */
  public static TuningCache at(Path directory) {
    return builder().directory(directory).build();
  }

  /** The cache in {@link #defaultDirectory()}. */
  public static TuningCache openDefault() {
    return at(defaultDirectory());
  }

  /** {@code $KGEN_TUNE_CACHE} when set, else the {@code tune} folder of the kgen cache root. */
  public static Path defaultDirectory() {
    return defaultDirectory(System.getenv());
  }

  /** {@link #defaultDirectory()} reading the given environment. */
  public static Path defaultDirectory(Map<String, String> environment) {
    String explicit = environment.get(ENV);
    return explicit != null && !explicit.isBlank() ? Paths.get(explicit) : CacheDirectory.of("tune");
  }

  public static Builder builder() {
    return new Builder();
  }

  public Path directory() {
    return directory;
  }

  /** Where the record of a key hash lives, whether or not it exists. */
  public Path pathOf(String keyHash) {
    requireHash(keyHash);
    return files.pathOf(keyHash, SUFFIX);
  }

  /** The record for the key, if one is stored and readable. */
  public Optional<TuningRecord> get(TuningKey key) {
    return load(key.hash());
  }

  /** The record stored under a full key hash, if one is stored and readable. */
  public Optional<TuningRecord> get(String keyHash) {
    requireHash(keyHash);
    return load(keyHash);
  }

  /** Stores the record, replacing any earlier one of the same key, atomically. */
  public Path put(TuningRecord record) {
    return files.put(record.keyHash(), SUFFIX, TuningRecordJson.write(record));
  }

  /** Every readable record, ordered by key hash; unreadable files are set aside. */
  public List<TuningRecord> list() {
    List<TuningRecord> out = new ArrayList<>();
    for (String hash : keyHashes()) {
      load(hash).ifPresent(out::add);
    }
    return out;
  }

  /** The hashes of the stored records, sorted, without reading them. */
  public List<String> keyHashes() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> RECORD_FILE.matcher(name).matches())
          .map(name -> name.substring(0, name.length() - SUFFIX.length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the tuning cache " + directory + ": " + e.getMessage(), e);
    }
  }

  /** The stored hashes that start with the prefix, as typed after {@code kgen cache show}. */
  public List<String> keyHashesStartingWith(String prefix) {
    return keyHashes().stream().filter(h -> h.startsWith(prefix)).toList();
  }

  /** Deletes the record of a key hash; true if there was one. */
  public boolean remove(String keyHash) {
    Path p = pathOf(keyHash);
    try {
      return Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + p + ": " + e.getMessage(), e);
    }
  }

  public boolean remove(TuningKey key) {
    return remove(key.hash());
  }

  /**
   * Deletes every record and every file set aside as corrupt; returns how many records it
   * deleted. Temporary files of writers still running are left alone.
   */
  public int clear() {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    int removed = 0;
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        String name = p.getFileName().toString();
        boolean record = RECORD_FILE.matcher(name).matches();
        if ((record || name.contains(SUFFIX + CORRUPT_MARK)) && Files.deleteIfExists(p) && record) {
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the tuning cache " + directory + ": " + e.getMessage(), e);
    }
    return removed;
  }

  private Optional<TuningRecord> load(String keyHash) {
    Path file = files.pathOf(keyHash, SUFFIX);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      setAside(file, null, "it cannot be read (" + e.getMessage() + ")");
      return Optional.empty();
    }
    TuningRecord record;
    try {
      record = TuningRecordJson.read(bytes);
    } catch (MalformedRecordException e) {
      setAside(file, bytes, e.getMessage());
      return Optional.empty();
    }
    if (!record.keyHash().equals(keyHash)) {
      setAside(file, bytes, "it holds the record of key " + record.keyHash());
      return Optional.empty();
    }
    return Optional.of(record);
  }

  /**
   * Moves a bad file out of the way so the next tuning can write a good one. If the file changed
   * since it was judged, another process has just replaced it and it is left in place.
   */
  private void setAside(Path file, byte[] judged, String why) {
    try {
      if (judged != null && !Arrays.equals(judged, Files.readAllBytes(file))) {
        return;
      }
    } catch (IOException e) {
      // Unreadable now too (or gone); try to move it anyway.
    }
    String stamp = STAMP.format(clock.instant());
    for (int attempt = 0; attempt < 100; attempt++) {
      Path aside =
          file.resolveSibling(
              file.getFileName() + CORRUPT_MARK + stamp + (attempt == 0 ? "" : "-" + attempt));
      try {
        // No ATOMIC_MOVE: on Linux it would silently replace an earlier set-aside file. A plain
        // move within the directory is still a rename, and refuses an existing target.
        Files.move(file, aside);
        warnings.accept(
            "tuning cache entry " + file + " is not a usable tuning record: " + why
                + "; moved it aside to " + aside.getFileName() + " and treating it as a miss");
        return;
      } catch (FileAlreadyExistsException e) {
        // Another file was set aside in the same millisecond; try the next name.
      } catch (NoSuchFileException e) {
        return; // Another process set it aside or replaced it first.
      } catch (IOException e) {
        warnings.accept(
            "tuning cache entry " + file + " is not a usable tuning record: " + why
                + "; it could not be moved aside (" + e.getMessage() + "); treating it as a miss");
        return;
      }
    }
  }

  private static void requireHash(String keyHash) {
    if (keyHash == null || !HASH.matcher(keyHash).matches()) {
      throw new IllegalArgumentException(
          "'" + keyHash + "' is not a tuning key hash; expected 64 lower-case hex digits");
    }
  }

  @Override
  public String toString() {
    return "TuningCache(" + directory + ")";
  }

  /** The directory is required; warnings go to slf4j and time comes from the system clock. */
  public static final class Builder {
    private Path directory;
    private Consumer<String> warnings = LOG::warn;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder directory(Path directory) {
      this.directory = directory;
      return this;
    }

    /** Where warnings about set-aside files go; slf4j by default. */
    public Builder warnings(Consumer<String> warnings) {
      this.warnings = Objects.requireNonNull(warnings, "warnings");
      return this;
    }

    /** The clock that stamps set-aside files. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public TuningCache build() {
      return new TuningCache(this);
    }
  }
}
