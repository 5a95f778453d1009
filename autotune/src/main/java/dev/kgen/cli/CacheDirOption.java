package dev.kgen.cli;

import dev.kgen.autotune.cache.TuningCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The shared {@code --cache-dir} option of every command that reads or writes tuning results;
 * add it with {@code @Mixin CacheDirOption cacheDir;}. Without it, {@code $KGEN_TUNE_CACHE}, else
 * the {@code tune} folder of the kgen cache ({@code $KGEN_CACHE_DIR} or {@code ~/.cache/kgen}).
 */
public final class CacheDirOption {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description =
          "The tuning cache directory (default: $" + TuningCache.ENV
              + ", else the 'tune' folder of the kgen cache).")
  private Path directory;

  /** The directory this command uses. */
  public Path directory() {
    return directory != null ? directory : TuningCache.defaultDirectory(Kgen.environment(mixee));
  }

  /** The cache in {@link #directory()}, warning on this command's error stream. */
  public TuningCache open() {
    Path dir = directory();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new KgenUserException(
          "the tuning cache " + dir + " is a file, not a directory; pass a directory with"
              + " --cache-dir or $" + TuningCache.ENV);
    }
    PrintWriter err = mixee.commandLine().getErr();
    return TuningCache.builder()
        .directory(dir)
        .warnings(message -> {
          err.println("kgen: warning: " + message);
          err.flush();
        })
        .build();
  }
}
