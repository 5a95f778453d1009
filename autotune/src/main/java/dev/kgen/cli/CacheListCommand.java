package dev.kgen.cli;

import dev.kgen.autotune.cache.TuningCache;
import dev.kgen.autotune.cache.TuningKey;
import dev.kgen.autotune.cache.TuningRecord;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kgen cache list}: one line per tuned key. */
@Command(name = "list", header = "List the tuned configurations, one line per kernel, device and shape.")
final class CacheListCommand implements Callable<Integer> {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  @Spec private CommandSpec spec;
  @Mixin private CacheDirOption cacheDir;

  @Override
  public Integer call() {
    TuningCache cache = cacheDir.open();
    List<TuningRecord> records = cache.list();
    PrintWriter out = spec.commandLine().getOut();
    if (records.isEmpty()) {
      out.println("no tuning records in " + cache.directory());
      return ExitCodes.OK;
    }
    TextTable table =
        new TextTable("KEY", "BACKEND", "DEVICE", "KERNEL", "SHAPES", "BEST", "MEDIAN", "SPEEDUP", "TUNED (UTC)");
    for (TuningRecord r : records) {
      TuningKey k = r.key();
      table.row(
          CacheKeys.abbreviate(r.keyHash()),
          k.backend(),
          k.deviceName(),
          CacheKeys.abbreviate(k.kernelHash()),
          shapes(k),
          r.best().toString(),
          Units.seconds(r.medianSeconds()),
          r.speedupOverDefault().isPresent() ? Units.speedup(r.speedupOverDefault().getAsDouble()) : "-",
          WHEN.format(r.timestamp()));
    }
    table.print(out);
    return ExitCodes.OK;
  }

  static String shapes(TuningKey key) {
    if (key.shapeBuckets().isEmpty()) {
      return "-";
    }
    return key.shapeBuckets().entrySet().stream()
        .map(e -> e.getKey() + "<=" + e.getValue())
        .collect(Collectors.joining(","));
  }
}
