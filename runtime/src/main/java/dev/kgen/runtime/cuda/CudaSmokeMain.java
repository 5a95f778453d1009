package dev.kgen.runtime.cuda;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * End-to-end check for a GPU machine: lists devices, compiles a vector add (PTX and cubin) and
 * a kernel that needs more than 48 KiB of dynamic shared memory, runs them on fresh random
 * data, compares with the host, and prints {@code OK}. Exits 1 on any failure.
 *
 * <p>Usage: {@code java ... dev.kgen.runtime.cuda.CudaSmokeMain [cacheDir]}.
 */
public final class CudaSmokeMain {
  /** {@code c[i] = a[i] + b[i]} for {@code i < n}. */
  public static final String VECTOR_ADD = """
      extern "C" __global__ void vadd(const float* a, const float* b, float* c, int n) {
        int i = blockIdx.x * blockDim.x + threadIdx.x;
        if (i < n) {
          c[i] = a[i] + b[i];
        }
      }
      """;

  /** Reverses each block-sized chunk of {@code n} floats through dynamic shared memory. */
  public static final String SHARED_REVERSE = """
      extern "C" __global__ void reverse_chunks(const float* in, float* out, int chunk) {
        extern __shared__ float tile[];
        const float* src = in + (long long)blockIdx.x * chunk;
        float* dst = out + (long long)blockIdx.x * chunk;
        for (int i = threadIdx.x; i < chunk; i += blockDim.x) tile[i] = src[i];
        __syncthreads();
        for (int i = threadIdx.x; i < chunk; i += blockDim.x) dst[i] = tile[chunk - 1 - i];
      }
      """;

  private CudaSmokeMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  static int run(String[] args, PrintStream out) {
    try {
      List<CudaDeviceInfo> devices = CudaDevices.list();
      if (devices.isEmpty()) {
        out.println("FAIL: no CUDA device: " + CudaDevices.unavailableReason().orElse("?"));
        return 1;
      }
      devices.forEach(d -> out.println("device " + d.summary()));
      CachingCudaCompiler compiler = args.length > 0
          ? CudaCompilers.cached(Path.of(args[0]))
          : CudaCompilers.cached();
      out.println("compiler " + compiler.id() + " " + compiler.version() + ", cache "
          + compiler.directory());
      CudaDeviceInfo device = devices.get(0);
      try (CudaRuntime cuda = CudaRuntime.open(device.index())) {
        for (CudaOutputKind kind : CudaOutputKind.values()) {
          CompiledCuda compiled =
              compiler.compile(VECTOR_ADD, "vadd", CudaTarget.forDevice(device, kind));
          out.println("compiled " + compiled);
          if (!compiled.log().isBlank()) {
            out.println(compiled.log().strip());
          }
          vectorAdd(cuda, compiled, out);
        }
        sharedReverse(cuda, compiler, out);
      }
      out.println("OK");
      return 0;
    } catch (Throwable t) {
      out.println("FAIL: " + t);
      t.printStackTrace(out);
      return 1;
    }
  }

  private static void vectorAdd(CudaRuntime cuda, CompiledCuda compiled, PrintStream out) {
    int n = (1 << 22) + 7; // not a multiple of the block, so the bounds check matters
    float[] a = random(n, System.nanoTime());
    float[] b = random(n, System.nanoTime() + 1);
    try (CudaModule module = cuda.loadModule(compiled);
        CudaBuffer da = cuda.allocate(4L * n);
        CudaBuffer db = cuda.allocate(4L * n);
        CudaBuffer dc = cuda.allocate(4L * n)) {
      cuda.upload(da, bytes(a));
      cuda.upload(db, bytes(b));
      cuda.memset(dc, (byte) 0xff);
      CudaFunction vadd = cuda.function(module, "vadd");
      int[] grid = {(n + 255) / 256, 1, 1};
      int[] block = {256, 1, 1};
      cuda.launch(vadd, List.of(da, db, dc, n), grid, block, 0);
      float[] c = download(cuda, dc, n);
      for (int i = 0; i < n; i++) {
        if (c[i] != a[i] + b[i]) {
          throw new AssertionError("vadd mismatch at " + i + ": got " + c[i] + ", expected "
              + (a[i] + b[i]) + " (" + a[i] + " + " + b[i] + ")");
        }
      }
      cuda.flushL2();
      double ms = cuda.launchTimed(vadd, List.of(da, db, dc, n), grid, block, 0);
      double gbs = 12.0 * n / (ms * 1e6);
      out.printf("vadd %s n=%d ok, %s, %.4f ms, %.0f GB/s%n",
          compiled.kind(), n, vadd, ms, gbs);
    }
  }

  private static void sharedReverse(CudaRuntime cuda, CudaCompiler compiler, PrintStream out) {
    CudaDeviceInfo device = cuda.device();
    int chunk = 24 * 1024; // 96 KiB of floats: needs the opt-in above 48 KiB
    if (4 * chunk > device.maxSharedMemoryPerBlockOptin()) {
      out.println("skipping the large shared memory check: " + device.name() + " allows "
          + device.maxSharedMemoryPerBlockOptin() + " bytes per block");
      return;
    }
    int blocks = 64;
    int n = chunk * blocks;
    float[] in = random(n, System.nanoTime());
    CompiledCuda compiled = compiler.compile(
        SHARED_REVERSE, "reverse_chunks", CudaTarget.forDevice(device, CudaOutputKind.PTX));
    try (CudaModule module = cuda.loadModule(compiled);
        CudaBuffer din = cuda.allocate(4L * n);
        CudaBuffer dout = cuda.allocate(4L * n)) {
      cuda.upload(din, bytes(in));
      CudaFunction f = cuda.function(module, "reverse_chunks");
      cuda.launch(f, List.of(din, dout, chunk), new int[] {blocks, 1, 1},
          new int[] {512, 1, 1}, 4 * chunk);
      float[] got = download(cuda, dout, n);
      for (int blk = 0; blk < blocks; blk++) {
        for (int i = 0; i < chunk; i++) {
          float expected = in[blk * chunk + chunk - 1 - i];
          if (got[blk * chunk + i] != expected) {
            throw new AssertionError("reverse_chunks mismatch in block " + blk + " at " + i
                + ": got " + got[blk * chunk + i] + ", expected " + expected);
          }
        }
      }
      out.println("reverse_chunks with " + 4 * chunk + " bytes of dynamic shared memory ok");
    }
  }

  static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextFloat() * 2 - 1;
    }
    return v;
  }

  static ByteBuffer bytes(float[] v) {
    ByteBuffer b = ByteBuffer.allocateDirect(4 * v.length).order(ByteOrder.nativeOrder());
    b.asFloatBuffer().put(v);
    return b;
  }

  static float[] download(CudaRuntime cuda, CudaBuffer buffer, int n) {
    ByteBuffer b = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
    cuda.download(buffer, b);
    FloatBuffer f = b.asFloatBuffer();
    float[] v = new float[n];
    f.get(v);
    return v;
  }
}
