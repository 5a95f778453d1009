package dev.kgen.examples.softmax;

import dev.kgen.autotune.Budget;
import dev.kgen.autotune.Configuration;
import dev.kgen.autotune.ExhaustiveStrategy;
import dev.kgen.autotune.Measurement;
import dev.kgen.autotune.MeasurementPlan;
import dev.kgen.autotune.Outcome;
import dev.kgen.autotune.Timer;
import dev.kgen.autotune.Tuner;
import dev.kgen.autotune.TuningSpace;
import dev.kgen.autotune.cache.TuningCache;
import dev.kgen.autotune.cache.TuningKey;
import dev.kgen.codegen.CodegenOptions;
import dev.kgen.examples.tuning.CachedTuning;
import dev.kgen.examples.tuning.CachedTuning.Choice;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.kernels.norm.SoftmaxKernel;
import dev.kgen.launch.ElementType;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.Backends;
import dev.kgen.runtime.CompiledKernel;
import dev.kgen.runtime.DeviceBuffer;
import dev.kgen.runtime.DeviceInfo;
import dev.kgen.runtime.LaunchOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Tunes row softmax for one shape from code: the row block ({@code BLOCK_N}, the row length
 * padded to 1024 or to 2048) and, on the JVM backend, how many rows one task runs. Each
 * candidate is checked against the float64 reference before it is timed. The winner goes into
 * the tuning cache, and the second lookup finds it there.
 *
 * <pre>java dev.kgen.examples.softmax.SoftmaxTuning [backend [cache-directory]]</pre>
 */
public final class SoftmaxTuning {
  private static final String BLOCK_N = "BLOCK_N";
  private static final String PROGRAMS_PER_TASK = "PROGRAMS_PER_TASK";

  private SoftmaxTuning() {}

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "jvm",
        args.length > 1 ? Path.of(args[1]) : TuningCache.defaultDirectory(), System.out);
  }

  /** Looks up or tunes, then looks up again; returns both choices. */
  public static List<Choice> run(String backendName, Path cacheDirectory, PrintStream out) {
    SoftmaxRows rows = SoftmaxRows.generate(64, 1000, ElementType.BF16, 42);
    TuningCache cache = TuningCache.at(cacheDirectory);
    try (Backend backend = Backends.open(backendName, null, out::println)) {
      out.println("tuning row softmax on " + backend.device().describe());
      DeviceBuffer in = backend.upload(rows.input());
      DeviceBuffer output = backend.upload(rows.poisonedOutput());
      TuningSpace space = TuningSpace.builder()
          .ints(BLOCK_N, rows.blockN(), 2 * rows.blockN())
          .ints(PROGRAMS_PER_TASK, 1, 4)
          .build();
      MeasurementPlan plan = MeasurementPlan.builder().warmups(1).minReps(3).maxReps(20)
          .budget(Duration.ofMillis(200)).build();
      TuningKey key = key(backend, rows);
      Choice first = CachedTuning.lookUpOrTune(cache, key, () -> Tuner.create()
          .run(space, c -> evaluate(c, backend, rows, in, output, plan), new ExhaustiveStrategy(), Budget.ofCandidates(4)),
          out);
      Choice second = CachedTuning.lookUpOrTune(cache, key, () -> {
        throw new IllegalStateException("the tuning cache lost the record it was just given");
      }, out);
      backend.upload(output, rows.poisonedOutput());
      launch(second.configuration(), backend, rows, in, output);
      rows.check(download(backend, output, rows), out);
      return List.of(first, second);
    }
  }

  private static Outcome evaluate(Configuration c, Backend backend, SoftmaxRows rows, DeviceBuffer in,
      DeviceBuffer output, MeasurementPlan plan) {
    backend.upload(output, rows.poisonedOutput());
    Runnable once = launch(c, backend, rows, in, output);
    try {
      rows.check(download(backend, output, rows), new PrintStream(new ByteArrayOutputStream()));
    } catch (IllegalStateException wrong) {
      return Outcome.failed(Outcome.Stage.WRONG_ANSWER, wrong.getMessage());
    }
    return Outcome.measured(Measurement.measure(once, Timer.wallClock(), plan));
  }

  /** Compiles (the backend caches it) and launches the configuration once; returns a relaunch. */
  private static Runnable launch(Configuration c, Backend backend, SoftmaxRows rows, DeviceBuffer in,
      DeviceBuffer output) {
    Kernel kernel = SoftmaxKernel.DEF.specialize(Map.of("DTYPE", DType.BF16, BLOCK_N, c.getInt(BLOCK_N)));
    LaunchOptions options = new LaunchOptions(CodegenOptions.defaults(), c.getInt(PROGRAMS_PER_TASK),
        Runtime.getRuntime().availableProcessors());
    CompiledKernel compiled = backend.compile(kernel, options);
    List<Object> args = List.of(output, in, rows.cols(), rows.stride(), rows.stride());
    Runnable once = () -> {
      backend.launch(compiled, new int[] {rows.rows(), 1, 1}, args);
      backend.synchronize();
    };
    once.run();
    return once;
  }

  private static ByteBuffer download(Backend backend, DeviceBuffer output, SoftmaxRows rows) {
    ByteBuffer result = rows.poisonedOutput();
    backend.download(output, result);
    return result;
  }

  /** This device and backend, the untuned kernel, this dtype, shapes like these. */
  private static TuningKey key(Backend backend, SoftmaxRows rows) {
    DeviceInfo d = backend.device();
    Kernel untuned = SoftmaxKernel.DEF.specialize(Map.of("DTYPE", DType.BF16, BLOCK_N, rows.blockN()));
    return TuningKey.builder()
        .deviceName(d.name()).deviceVersion(d.version()).driverVersion(d.driver())
        .backend(backend.name())
        .kernelHash(untuned.contentHash())
        .feature("DTYPE", DType.BF16)
        .shape("rows", rows.rows())
        .shape("n_cols", rows.cols())
        .build();
  }
}
