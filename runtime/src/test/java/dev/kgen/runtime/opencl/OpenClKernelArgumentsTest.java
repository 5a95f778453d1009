package dev.kgen.runtime.opencl;

import static dev.kgen.runtime.opencl.OpenClTestSupport.direct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every supported Java argument type reaches the kernel with its value intact. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenClKernelArgumentsTest {
  private static final String SOURCE =
      """
      __kernel void echo(__global long *out, int i, long l, float f, double d, short s, char c) {
        out[0] = i; out[1] = l; out[2] = (long) (f * 4.0f); out[3] = (long) (d * 8.0); out[4] = s; out[5] = c;
      }
      """;

  private Path cache;
  private OpenClRuntime runtime;
  private OpenClKernel echo;

  @BeforeAll
  void open(@TempDir Path cacheDir) {
    cache = cacheDir;
    runtime = OpenClRuntime.builder().device(OpenClTestSupport.requireDevice()).cacheDirectory(cache).open();
    boolean fp64 = runtime.device().hasExtension("cl_khr_fp64");
    String source = fp64 ? SOURCE : SOURCE.replace("double d", "float d").replace("d * 8.0", "d * 8.0f");
    echo = runtime.kernel(runtime.build(source, ""), "echo");
  }

  @AfterAll
  void close() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void everyScalarTypeArrives() {
    Object d = runtime.device().hasExtension("cl_khr_fp64") ? (Object) 1.25 : (Object) 1.25f;
    try (OpenClBuffer out = runtime.allocate(6 * 8)) {
      runtime.launch(echo, Arrays.asList(out, -7, 1L << 40, 2.5f, d, (short) -300, (byte) 100), new long[] {1}, null);
      ByteBuffer host = direct(6 * 8);
      runtime.download(out, host);
      long[] values = new long[6];
      host.asLongBuffer().get(values);
      assertEquals(List.of(-7L, 1L << 40, 10L, 10L, -300L, 100L), Arrays.stream(values).boxed().toList());
    }
  }

  @Test
  void wrongArgumentCountIsNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> runtime.launch(echo, List.of(1), new long[] {1}, null));
    assertEquals("kernel 'echo' takes 7 arguments but 1 were given", e.getMessage());
  }

  @Test
  void unsupportedTypeIsNamed() {
    try (OpenClBuffer out = runtime.allocate(48)) {
      List<Object> args = Arrays.asList(out, "seven", 1L, 1f, 1.0, (short) 1, (byte) 1);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> runtime.launch(echo, args, new long[] {1}, null));
      assertEquals(
          "argument 1 (String seven) of kernel 'echo' has an unsupported type; expected OpenClBuffer, Integer, Long, Float, Double, Short or Byte",
          e.getMessage());
    }
  }

  @Test
  void wrongSizedScalarIsReportedByTheDriver() {
    try (OpenClBuffer out = runtime.allocate(48)) {
      List<Object> args = Arrays.asList(out, 1L, 1L, 1f, 1.0, (short) 1, (byte) 1); // Long where the kernel takes int
      OpenClException e = assertThrows(OpenClException.class, () -> runtime.launch(echo, args, new long[] {1}, null));
      assertTrue(e.getMessage().startsWith("clSetKernelArg failed with CL_INVALID_ARG_SIZE (-51) while setting argument 1 (Long 1)"), e.getMessage());
    }
  }
}
