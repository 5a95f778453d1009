package dev.kgen.runtime.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Assumptions;

/**
 * Device access for tests. Without OpenCL the device tests are skipped, unless
 * {@code KGEN_REQUIRE_OPENCL=1} (as in CI), where a missing device fails them.
 */
final class OpenClTestSupport {
  static final String REQUIRE_ENV = "KGEN_REQUIRE_OPENCL";

  private OpenClTestSupport() {}

  /** The device tests run on: {@code OpenClDevices.choose(null)}. */
  static OpenClDeviceInfo requireDevice() {
    if (OpenClDevices.list().isEmpty()) {
      String reason = OpenClDevices.unavailableReason().orElse("(no reason recorded)");
      if ("1".equals(System.getenv(REQUIRE_ENV))) {
        fail(REQUIRE_ENV + "=1 but no OpenCL device is available: " + reason);
      }
      Assumptions.abort("no OpenCL device (set " + REQUIRE_ENV + "=1 to fail instead): " + reason);
    }
    return OpenClDevices.choose(null);
  }

  static ByteBuffer direct(int bytes) {
    return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
  }

  static final String VECTOR_ADD =
      """
      __kernel void vector_add(__global const float *a, __global const float *b, __global float *c, int n) {
        int i = get_global_id(0);
        if (i < n) {
          c[i] = a[i] + b[i];
        }
      }
      """;
}
