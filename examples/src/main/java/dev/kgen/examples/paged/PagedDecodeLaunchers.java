package dev.kgen.examples.paged;

import dev.kgen.examples.kernels.PagedAttentionDecodeLauncher;
import dev.kgen.launch.Buffer;
import dev.kgen.launch.Device;
import dev.kgen.launch.Devices;
import dev.kgen.launch.ElementType;
import dev.kgen.launch.Grid;
import java.io.PrintStream;
import java.nio.ByteBuffer;

/**
 * The same decode step as {@link PagedDecodeJit}, through the launcher generated at build time
 * from the {@code decodeHead128Fp8Sinks} declaration in {@link
 * dev.kgen.examples.kernels.ShippedKernels}. At run time this needs only kgen-launch and JOCL
 * (or JCuda): no DSL, no code generator; the kernel's OpenCL and CUDA sources are resources.
 *
 * <pre>java dev.kgen.examples.paged.PagedDecodeLaunchers [auto|cuda|opencl|opencl:SELECTOR]</pre>
 */
public final class PagedDecodeLaunchers {
  private PagedDecodeLaunchers() {}

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "auto", System.out);
  }

  /** Runs the step on the named device; returns the relative error, or throws if it is too large. */
  public static double run(String deviceName, PrintStream out) {
    DecodeStep step = DecodeStep.generate(42);
    PagedKvCache cache = step.cache();
    int[] seqs = step.seqs();
    try (Device device = Devices.open(deviceName)) {
      out.println("paged attention, build-time launcher on " + device.platform() + " device " + device.name());
      step.describe(out);
      PagedAttentionDecodeLauncher attention = new PagedAttentionDecodeLauncher(device);
      Buffer output = device.upload(DecodeStep.QUERY_TYPE.allocate(step.queryElements(), Double.NaN));
      Buffer query = device.upload(step.query());
      Buffer keyCache = device.upload(cache.keyCache());
      Buffer valueCache = device.upload(cache.valueCache());
      Buffer sinks = device.upload(step.sinks());
      Buffer blockTable = device.upload(cache.blockTable(seqs));
      Buffer seqLens = device.upload(cache.seqLens(seqs));
      Buffer kScale = device.upload(oneFloat(cache.kScale()));
      Buffer vScale = device.upload(oneFloat(cache.vScale()));
      long[] q = step.queryStrides();
      long[] k = cache.keyStrides();
      long[] v = cache.valueStrides();
      // one program per (sequence, KV head); the output has the query's layout
      attention.decodeHead128Fp8Sinks(Grid.of(seqs.length, DecodeStep.KV_HEADS), output, query, keyCache, valueCache,
          sinks, blockTable, seqLens, (float) step.scale(), kScale, vScale, cache.tableColumns(seqs), q[0], q[1], q[0],
          q[1], k[0], k[1], k[2], k[3], k[4], v[0], v[1], v[2], v[3]);
      ByteBuffer result = DecodeStep.QUERY_TYPE.allocate(step.queryElements());
      device.download(output, result);
      return step.check(result, out);
    }
  }

  private static ByteBuffer oneFloat(float value) {
    ByteBuffer b = ElementType.FP32.allocate(1);
    b.putFloat(0, value);
    return b;
  }
}
