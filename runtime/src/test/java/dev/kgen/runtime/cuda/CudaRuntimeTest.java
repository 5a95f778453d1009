package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on a GPU machine only; every test skips when CudaDevices.list() is empty. */
class CudaRuntimeTest {
  @TempDir static Path cacheDir;
  private static CudaRuntime cuda;
  private static CachingCudaCompiler compiler;

  @BeforeAll
  static void open() {
    if (CudaDevices.available()) {
      cuda = CudaRuntime.open(0);
      compiler = CudaCompilers.cached(cacheDir);
    }
  }

  @AfterAll
  static void close() {
    if (cuda != null) {
      cuda.close();
    }
  }

  private static CudaFunction load(String source, String name, CudaOutputKind kind) {
    CudaTarget target = CudaTarget.forDevice(cuda.device(), kind);
    return cuda.function(cuda.loadModule(compiler.compile(source, name, target)), name);
  }

  @Test
  void vectorAddOnFreshRandomDataMatchesTheHost() {
    TestDevices.requireGpu();
    for (CudaOutputKind kind : CudaOutputKind.values()) {
      CudaFunction vadd = load(CudaSmokeMain.VECTOR_ADD, "vadd", kind);
      int n = 1_000_003;
      float[] a = CudaSmokeMain.random(n, System.nanoTime());
      float[] b = CudaSmokeMain.random(n, System.nanoTime() + 7);
      try (CudaBuffer da = cuda.allocate(4L * n);
          CudaBuffer db = cuda.allocate(4L * n);
          CudaBuffer dc = cuda.allocate(4L * n)) {
        cuda.upload(da, CudaSmokeMain.bytes(a));
        cuda.upload(db, CudaSmokeMain.bytes(b));
        cuda.launch(vadd, List.of(da, db, dc, n), new int[] {(n + 127) / 128, 1, 1},
            new int[] {128, 1, 1}, 0);
        float[] c = CudaSmokeMain.download(cuda, dc, n);
        for (int i = 0; i < n; i++) {
          assertEquals(a[i] + b[i], c[i], 0f, "element " + i + " with " + kind);
        }
      }
    }
  }

  @Test
  void timedLaunchReportsPositiveMilliseconds() {
    TestDevices.requireGpu();
    CudaFunction vadd = load(CudaSmokeMain.VECTOR_ADD, "vadd", CudaOutputKind.PTX);
    int n = 1 << 24;
    try (CudaBuffer a = cuda.allocate(4L * n);
        CudaBuffer b = cuda.allocate(4L * n);
        CudaBuffer c = cuda.allocate(4L * n)) {
      cuda.memset(a, (byte) 0);
      cuda.memset(b, (byte) 0);
      cuda.flushL2();
      double ms = cuda.launchTimed(vadd, List.of(a, b, c, n), new int[] {n / 256, 1, 1},
          new int[] {256, 1, 1}, 0);
      assertTrue(ms > 0 && ms < 1000, "vadd of 2^24 floats took " + ms + " ms");
    }
  }

  @Test
  void memsetUploadAndDownloadAtOffsetsAndWithHeapBuffers() {
    TestDevices.requireGpu();
    try (CudaBuffer buf = cuda.allocate(64)) {
      cuda.memset(buf, (byte) 7);
      cuda.memset(buf, 8, 8, (byte) 1);
      ByteBuffer src = ByteBuffer.wrap(new byte[] {9, 9, 9, 9, 42, 43}, 4, 2);
      cuda.upload(buf, 16, src.asReadOnlyBuffer());
      assertEquals(4, src.position()); // the source is not moved
      byte[] all = new byte[64];
      cuda.download(buf, ByteBuffer.wrap(all));
      byte[] expected = new byte[64];
      java.util.Arrays.fill(expected, (byte) 7);
      java.util.Arrays.fill(expected, 8, 16, (byte) 1);
      expected[16] = 42;
      expected[17] = 43;
      assertArrayEquals(expected, all);
      ByteBuffer tail = ByteBuffer.allocateDirect(4);
      cuda.download(buf, 14, tail);
      assertEquals(0x01012a2b, tail.order(ByteOrder.BIG_ENDIAN).getInt(0));
      var e = assertThrows(IllegalArgumentException.class,
          () -> cuda.download(buf, 62, ByteBuffer.allocate(4)));
      assertTrue(e.getMessage().startsWith("download of 4 bytes at offset 62: out of bounds of"
          + " CudaBuffer[64 bytes at 0x"), e.getMessage());
    }
  }

  @Test
  void morethan48KiBOfDynamicSharedMemoryIsOptedIn() {
    CudaDeviceInfo d = TestDevices.requireGpu();
    int chunk = 20 * 1024;
    org.junit.jupiter.api.Assumptions.assumeTrue(4 * chunk <= d.maxSharedMemoryPerBlockOptin());
    CudaFunction f = load(CudaSmokeMain.SHARED_REVERSE, "reverse_chunks", CudaOutputKind.CUBIN);
    float[] in = CudaSmokeMain.random(2 * chunk, System.nanoTime());
    try (CudaBuffer din = cuda.allocate(8L * chunk); CudaBuffer dout = cuda.allocate(8L * chunk)) {
      cuda.upload(din, CudaSmokeMain.bytes(in));
      cuda.launch(f, List.of(din, dout, chunk), new int[] {2, 1, 1}, new int[] {256, 1, 1},
          4 * chunk);
      float[] out = CudaSmokeMain.download(cuda, dout, 2 * chunk);
      for (int i = 0; i < chunk; i++) {
        assertEquals(in[chunk - 1 - i], out[i], 0f);
        assertEquals(in[2 * chunk - 1 - i], out[chunk + i], 0f);
      }
    }
  }

  @Test
  void scalarWidthsReachTheKernel() {
    TestDevices.requireGpu();
    String source = """
        extern "C" __global__ void widths(long long* out, int i, long long l, float f, double d,
                                          short s, signed char b) {
          out[0] = i; out[1] = l; out[2] = (long long)(f * 4); out[3] = (long long)(d * 4);
          out[4] = s; out[5] = b;
        }
        """;
    CudaFunction f = load(source, "widths", CudaOutputKind.PTX);
    try (CudaBuffer out = cuda.allocate(48)) {
      cuda.launch(f, List.of(out, -5, 1L << 40, 2.25f, -1.5, (short) -300, (byte) -7),
          new int[] {1, 1, 1}, new int[] {1, 1, 1}, 0);
      ByteBuffer host = ByteBuffer.allocateDirect(48).order(ByteOrder.nativeOrder());
      cuda.download(out, host);
      long[] got = new long[6];
      host.asLongBuffer().get(got);
      assertArrayEquals(new long[] {-5, 1L << 40, 9, -6, -300, -7}, got);
    }
  }

  @Test
  void driverErrorsNameTheCallAndTheError() {
    TestDevices.requireGpu();
    var e = assertThrows(CudaDriverException.class, () -> cuda.allocate(1L << 50));
    assertEquals("cuMemAlloc", e.call());
    assertEquals("CUDA_ERROR_OUT_OF_MEMORY", e.errorName());
    assertTrue(e.getMessage().startsWith("cuMemAlloc failed with CUDA_ERROR_OUT_OF_MEMORY while"
        + " allocating 1125899906842624 bytes on device 0"), e.getMessage());
    CudaModule module = cuda.loadModule(
        compiler.compile(CudaSmokeMain.VECTOR_ADD, "vadd", CudaTarget.forDevice(cuda.device(),
            CudaOutputKind.PTX)));
    var notFound = assertThrows(CudaDriverException.class, () -> cuda.function(module, "nope"));
    assertEquals("CUDA_ERROR_NOT_FOUND", notFound.errorName());
    module.close();
    module.close();
    assertThrows(IllegalStateException.class, () -> cuda.function(module, "vadd"));
  }

  @Test
  void closedBuffersAreRejectedAndOwnContextsWork() {
    TestDevices.requireGpu();
    CudaBuffer b = cuda.allocate(16);
    assertNotEquals(0L, b.address());
    b.close();
    b.close();
    var e = assertThrows(IllegalStateException.class, () -> cuda.memset(b, (byte) 0));
    assertEquals("memset: the CUDA buffer of 16 bytes was already closed", e.getMessage());
    try (CudaRuntime own = CudaRuntime.open(0, CudaRuntime.ContextMode.OWN)) {
      CudaBuffer other = own.allocate(16);
      var wrong = assertThrows(IllegalArgumentException.class, () -> cuda.memset(other, (byte) 1));
      assertTrue(wrong.getMessage().contains("belongs to another CudaRuntime"), wrong.getMessage());
      own.memset(other, (byte) 3);
      ByteBuffer host = ByteBuffer.allocate(16);
      own.download(other, host);
      assertEquals(3, host.get(15));
    }
    cuda.synchronize(); // the primary context is still current and healthy
  }
}
