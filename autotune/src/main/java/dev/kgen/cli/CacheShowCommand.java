package dev.kgen.cli;

import dev.kgen.autotune.cache.TuningCache;
import dev.kgen.autotune.cache.TuningKey;
import dev.kgen.autotune.cache.TuningRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kgen cache show KEYHASH}: everything stored for one key. */
@Command(name = "show", header = "Show the tuned configuration stored under a key.")
final class CacheShowCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private CacheDirOption cacheDir;

  @Parameters(
      paramLabel = "KEYHASH",
      description = "The key as printed by 'kgen cache list': the full hash or a unique prefix.")
  private String keyHash;

  @Option(names = "--json", description = "Print the stored JSON file as it is.")
  private boolean json;

  @Override
  public Integer call() {
    TuningCache cache = cacheDir.open();
    String hash = CacheKeys.resolve(cache, keyHash);
    TuningRecord record =
        cache
            .get(hash)
            .orElseThrow(
                () -> new KgenUserException(
                    "the tuning record " + keyHash + " in " + cache.directory()
                        + " was unreadable and has been set aside; tune the kernel again"));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(read(cache.pathOf(hash)).strip());
    } else {
      print(out, record, cache.pathOf(hash));
    }
    return ExitCodes.OK;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void print(PrintWriter out, TuningRecord r, Path file) {
    TuningKey k = r.key();
    TextTable t = new TextTable("key", r.keyHash());
    t.row("backend", k.backend());
    t.row("device", k.deviceName() + " (version " + or(k.deviceVersion()) + ", driver " + or(k.driverVersion()) + ")");
    t.row("kernel", k.kernelHash());
    t.row("features", k.features().isEmpty() ? "-" : k.features().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", ")));
    t.row("shapes", CacheListCommand.shapes(k));
    t.row("best", r.best().toString());
    t.row("median", Units.seconds(r.medianSeconds()));
    t.row("bandwidth", r.gigabytesPerSecond().isPresent()
        ? Units.gigabytesPerSecond(r.gigabytesPerSecond().getAsDouble()) : "-");
    t.row("default", r.defaultSeconds().isPresent()
        ? Units.seconds(r.defaultSeconds().getAsDouble())
            + " (best is " + Units.speedup(r.speedupOverDefault().orElse(1)) + " faster)"
        : "-");
    t.row("tuned", r.timestamp() + " by kgen " + r.kgenVersion());
    t.row("file", file.toString());
    t.print(out);
  }

  private static String or(String s) {
    return s.isEmpty() ? "-" : s;
  }
}
