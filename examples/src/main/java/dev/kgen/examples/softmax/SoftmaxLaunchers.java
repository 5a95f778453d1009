package dev.kgen.examples.softmax;

import dev.kgen.examples.kernels.RowSoftmaxLauncher;
import dev.kgen.launch.Buffer;
import dev.kgen.launch.Device;
import dev.kgen.launch.Devices;
import dev.kgen.launch.ElementType;
import dev.kgen.launch.Grid;
import java.io.PrintStream;
import java.nio.ByteBuffer;

/**
 * Row softmax through the launcher generated at build time from {@link
 * dev.kgen.examples.kernels.ShippedKernels}: {@code bf16Wide} for bf16 rows of up to 1024 and
 * {@code fp32Narrow} for fp32 rows of up to 128. Needs only kgen-launch and JOCL (or JCuda) at
 * run time.
 *
 * <pre>java dev.kgen.examples.softmax.SoftmaxLaunchers [auto|cuda|opencl|opencl:SELECTOR]</pre>
 */
public final class SoftmaxLaunchers {
  private SoftmaxLaunchers() {}

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "auto", System.out);
  }

  /** Runs both specializations; returns the larger error, or throws if one is too large. */
  public static double run(String deviceName, PrintStream out) {
    try (Device device = Devices.open(deviceName)) {
      out.println("row softmax, build-time launcher on " + device.platform() + " device " + device.name());
      RowSoftmaxLauncher softmax = new RowSoftmaxLauncher(device);
      SoftmaxRows wide = SoftmaxRows.generate(8, 1000, ElementType.BF16, 42);
      Buffer wideOut = device.upload(wide.poisonedOutput());
      softmax.bf16Wide(Grid.of(wide.rows()), wideOut, device.upload(wide.input()), wide.cols(), wide.stride(),
          wide.stride());
      SoftmaxRows narrow = SoftmaxRows.generate(5, 100, ElementType.FP32, 43);
      Buffer narrowOut = device.upload(narrow.poisonedOutput());
      softmax.fp32Narrow(Grid.of(narrow.rows()), narrowOut, device.upload(narrow.input()), narrow.cols(),
          narrow.stride(), narrow.stride());
      return Math.max(wide.check(download(device, wideOut, wide), out), narrow.check(download(device, narrowOut, narrow), out));
    }
  }

  private static ByteBuffer download(Device device, Buffer output, SoftmaxRows rows) {
    ByteBuffer result = rows.poisonedOutput();
    device.download(output, result);
    return result;
  }
}
