package dev.kgen.runtime.opencl;

import static dev.kgen.runtime.opencl.OpenClTestSupport.VECTOR_ADD;
import static dev.kgen.runtime.opencl.OpenClTestSupport.direct;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.numeric.MiniFloat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Transfers, builds and launches on the device of this machine (PoCL in CI). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenClRuntimeTest {
  private Path cache;
  private OpenClRuntime runtime;
  private OpenClKernel vectorAdd;

  @BeforeAll
  void open(@TempDir Path cacheDir) {
    cache = cacheDir;
    OpenClDeviceInfo device = OpenClTestSupport.requireDevice();
    runtime = OpenClRuntime.builder().device(device).cacheDirectory(cache).open();
    vectorAdd = runtime.kernel(runtime.build(VECTOR_ADD, ""), "vector_add");
  }

  @AfterAll
  void close() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void vectorAddRoundTripsFreshRandomData() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    int n = 1000 + random.nextInt(5000); // not a multiple of the work-group size
    float[] a = new float[n];
    float[] b = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = random.nextFloat() * 200 - 100;
      b[i] = random.nextFloat() * 200 - 100;
    }
    try (OpenClBuffer da = runtime.allocate(4L * n);
        OpenClBuffer db = runtime.allocate(4L * n);
        OpenClBuffer dc = runtime.allocate(4L * n)) {
      runtime.upload(floats(a), da);
      runtime.upload(floats(b), db);
      long local = 64;
      long global = (n + local - 1) / local * local;
      runtime.launch(vectorAdd, List.of(da, db, dc, n), new long[] {global}, new long[] {local});
      ByteBuffer out = direct(4 * n);
      runtime.download(dc, out);
      FloatBuffer c = out.asFloatBuffer();
      for (int i = 0; i < n; i++) {
        assertEquals(a[i] + b[i], c.get(i), "element " + i + " of " + n + " (seed " + seed + ")");
      }
    }
  }

  @Test
  void halfLoadsAndStoresNeedNoFp16Extension() {
    String source =
        """
        __kernel void twice_half(__global const half *in, __global half *out, float k, int n) {
          int i = get_global_id(0);
          if (i < n) {
            vstore_half(vload_half(i, in) * k, i, out);
          }
        }
        """;
    long seed = System.nanoTime();
    Random random = new Random(seed);
    int n = 777;
    ByteBuffer in = direct(2 * n);
    short[] expected = new short[n];
    for (int i = 0; i < n; i++) {
      double x = MiniFloat.FP16.round(random.nextDouble() * 2000 - 1000);
      in.putShort(2 * i, (short) MiniFloat.FP16.encode(x));
      expected[i] = (short) MiniFloat.FP16.encode(2 * x); // exact: doubling a half stays a half
    }
    OpenClKernel kernel = runtime.kernel(runtime.build(source, ""), "twice_half");
    try (OpenClBuffer dIn = runtime.allocate(2L * n); OpenClBuffer dOut = runtime.allocate(2L * n)) {
      runtime.upload(in, dIn);
      runtime.launch(kernel, List.of(dIn, dOut, 2.0f, n), new long[] {n}, null);
      ByteBuffer out = direct(2 * n);
      runtime.download(dOut, out);
      short[] actual = new short[n];
      out.asShortBuffer().get(actual);
      assertArrayEquals(expected, actual, "seed " + seed);
    }
  }

  @Test
  void launchTimedReportsPositiveDeviceTime() {
    int n = 1 << 20;
    try (OpenClBuffer a = runtime.allocate(4L * n); OpenClBuffer b = runtime.allocate(4L * n); OpenClBuffer c = runtime.allocate(4L * n)) {
      runtime.fill(a, (byte) 0);
      runtime.fill(b, (byte) 0);
      long nanos = runtime.launchTimed(vectorAdd, List.of(a, b, c, n), new long[] {n}, null);
      assertTrue(nanos > 0, "elapsed " + nanos + " ns");
    }
  }

  @Test
  void launchesTimedTogetherRunInTurnAndSpanBoth() {
    int n = 1 << 16;
    try (OpenClBuffer a = runtime.allocate(4L * n); OpenClBuffer b = runtime.allocate(4L * n);
        OpenClBuffer c = runtime.allocate(4L * n); OpenClBuffer d = runtime.allocate(4L * n)) {
      runtime.fill(a, patternOf(1.5f));
      runtime.fill(b, patternOf(2.0f));
      // the second reads what the first writes: c = a + b, then d = c + b
      long nanos = runtime.launchAllTimed(List.of(
          new OpenClRuntime.Launch(vectorAdd, List.of(a, b, c, n), new long[] {n}, null),
          new OpenClRuntime.Launch(vectorAdd, List.of(c, b, d, n), new long[] {n}, null)));
      assertTrue(nanos > 0, "elapsed " + nanos + " ns");
      ByteBuffer out = direct(4 * n);
      runtime.download(d, out);
      assertEquals(5.5f, out.getFloat(0));
      assertEquals(5.5f, out.getFloat(4 * (n - 1)));
      assertThrows(IllegalArgumentException.class, () -> runtime.launchAllTimed(List.of()));
    }
  }

  @Test
  void copyTimedCopiesTheBytesAndRefusesMoreThanTheBuffersHold() {
    try (OpenClBuffer a = runtime.allocate(1 << 20); OpenClBuffer b = runtime.allocate(1 << 20)) {
      runtime.fill(a, patternOf(-3.25f));
      runtime.fill(b, (byte) 0);
      assertTrue(runtime.copyTimed(a, b, 1 << 19) > 0);
      ByteBuffer out = direct(1 << 20);
      runtime.download(b, out);
      assertEquals(-3.25f, out.getFloat((1 << 19) - 4), "inside the copied half");
      assertEquals(0.0f, out.getFloat(1 << 19), "past the copied half");
      assertThrows(IllegalArgumentException.class, () -> runtime.copyTimed(a, b, (1 << 20) + 1));
    }
  }

  @Test
  void fillRepeatsThePattern() {
    try (OpenClBuffer buf = runtime.allocate(64)) {
      runtime.fill(buf, patternOf(1.5f));
      ByteBuffer out = direct(64);
      runtime.download(buf, out);
      for (int i = 0; i < 16; i++) {
        assertEquals(1.5f, out.getFloat(4 * i));
      }
    }
  }

  @Test
  void transfersHonourPositionsAndHeapBuffers() {
    try (OpenClBuffer buf = runtime.allocate(8)) {
      ByteBuffer heap = ByteBuffer.wrap(new byte[] {9, 9, 1, 2, 3, 4, 5, 6, 7, 8});
      heap.position(2);
      runtime.upload(heap.asReadOnlyBuffer(), buf);
      assertEquals(2, heap.position());
      byte[] back = new byte[12];
      ByteBuffer target = ByteBuffer.wrap(back, 2, 8);
      runtime.download(buf, target);
      assertEquals(2, target.position());
      assertArrayEquals(new byte[] {0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0}, back);
    }
  }

  @Test
  void transferLargerThanTheBufferIsRejected() {
    try (OpenClBuffer buf = runtime.allocate(8)) {
      IllegalArgumentException up = assertThrows(IllegalArgumentException.class, () -> runtime.upload(direct(12), buf));
      assertEquals(
          "upload of 12 bytes into an OpenClBuffer of 8 bytes: the host buffer has more bytes remaining than the device buffer holds",
          up.getMessage());
      assertThrows(IllegalArgumentException.class, () -> runtime.download(buf, direct(9)));
      assertThrows(IllegalArgumentException.class, () -> runtime.download(buf, direct(8).asReadOnlyBuffer()));
    }
  }

  @Test
  void allocateRejectsEmptyAndOversizedBuffers() {
    assertEquals(
        "allocate(0): the size must be at least 1 byte",
        assertThrows(IllegalArgumentException.class, () -> runtime.allocate(0)).getMessage());
    long tooBig = runtime.device().maxAllocBytes() + 1;
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> runtime.allocate(tooBig)).getMessage().contains("CL_DEVICE_MAX_MEM_ALLOC_SIZE"));
  }

  @Test
  void bufferKnowsItsSizeAndRefusesUseAfterClose() {
    OpenClBuffer buf = runtime.allocate(16);
    assertEquals(16, buf.size());
    buf.close();
    buf.close(); // twice is harmless
    assertTrue(buf.isClosed());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> runtime.upload(direct(4), buf));
    assertEquals("this OpenClBuffer of 16 bytes was closed; allocate a new one", e.getMessage());
  }

  @Test
  void buildFailureCarriesTheBuildLog() {
    String source = "__kernel void broken(__global float *x) { x[0] = undefined_thing_42; }";
    OpenClBuildException e = assertThrows(OpenClBuildException.class, () -> runtime.build(source, ""));
    assertTrue(e.buildLog().contains("undefined_thing_42"), e.buildLog());
    assertTrue(e.getMessage().contains(e.buildLog()), e.getMessage());
    assertTrue(e.getMessage().startsWith("clBuildProgram failed with CL_BUILD_PROGRAM_FAILURE (-11) while compiling OpenCL C source (1 lines"), e.getMessage());
    assertEquals("clBuildProgram", e.call().orElseThrow());
  }

  @Test
  void unknownKernelNameListsTheKernels() {
    OpenClProgram program = runtime.build(VECTOR_ADD, "");
    assertEquals(List.of("vector_add"), program.kernelNames());
    OpenClException e = assertThrows(OpenClException.class, () -> runtime.kernel(program, "vector_sub"));
    assertTrue(
        e.getMessage().startsWith("clCreateKernel failed with CL_INVALID_KERNEL_NAME (-46) while creating kernel 'vector_sub'; the program defines [vector_add]"),
        e.getMessage());
  }

  @Test
  void kernelKnowsItsArguments() {
    assertEquals("vector_add", vectorAdd.name());
    assertEquals(4, vectorAdd.argumentCount());
  }

  @Test
  void badWorkSizesAreRejectedBeforeTheDriver() {
    try (OpenClBuffer a = runtime.allocate(16)) {
      List<Object> args = List.of(a, a, a, 4);
      assertThrows(IllegalArgumentException.class, () -> runtime.launch(vectorAdd, args, new long[0], null));
      long tooLarge = runtime.device().maxWorkGroupSize() * 2;
      assertThrows(IllegalArgumentException.class, () -> runtime.launch(vectorAdd, args, new long[] {tooLarge}, new long[] {tooLarge}));
    }
  }

  @Test
  void closedRuntimeReleasesEverythingAndRefusesWork() {
    OpenClRuntime other = OpenClRuntime.builder().device(runtime.device()).cacheDirectory(cache).open();
    OpenClBuffer buf = other.allocate(4);
    OpenClKernel k = other.kernel(other.build(VECTOR_ADD, ""), "vector_add");
    other.close();
    assertTrue(buf.isClosed());
    assertTrue(k.isClosed());
    assertTrue(k.program().isClosed());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.allocate(4));
    assertTrue(e.getMessage().endsWith("was closed; open a new one"), e.getMessage());
    other.close(); // twice is harmless
  }

  @Test
  void buffersOfAnotherRuntimeAreRefused() {
    try (OpenClRuntime other = OpenClRuntime.builder().device(runtime.device()).cacheDirectory(cache).open();
        OpenClBuffer foreign = other.allocate(4)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runtime.upload(direct(4), foreign));
      assertTrue(e.getMessage().contains("belongs to a different OpenClRuntime"), e.getMessage());
    }
  }

  @Test
  void finishWaitsForTheQueue() {
    runtime.finish();
    assertFalse(runtime.isClosed());
  }

  private static ByteBuffer floats(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.nativeOrder());
    b.asFloatBuffer().put(values);
    return b;
  }

  private static byte[] patternOf(float value) {
    return floats(new float[] {value}).array();
  }
}
