package dev.kgen.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import dev.kgen.ir.DType;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.CompiledKernel;
import dev.kgen.runtime.DeviceBuffer;
import dev.kgen.runtime.LaunchOptions;
import dev.kgen.runtime.TestBackends;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code trans} on every device backend: stored on its own (a relayout) and as the B operand of
 * a bf16 dot (staged without computing the transpose on CUDA's tensor cores).
 */
class TransOnBackendsTest {
  private static final int M = 16;
  private static final int K = 32;
  private static final int N = 16;

  /** t = trans(float(a)) as [K, M]; c = a x trans(b) as [M, N], for a [M, K] and b [N, K] in bf16. */
  static final KernelDef DEF = KernelDef.builder("trans_dot").body(k -> {
    Tile a = k.pointer("a_ptr", DType.BF16);
    Tile b = k.pointer("b_ptr", DType.BF16);
    Tile t = k.pointer("t_ptr", DType.F32);
    Tile c = k.pointer("c_ptr", DType.F32);
    Tile rowsM = k.arange(0, M);
    Tile rowsN = k.arange(0, N);
    Tile cols = k.arange(0, K);
    Tile x = k.load(a.add(rowsM.col().mul(K).add(cols.row())));
    Tile y = k.load(b.add(rowsN.col().mul(K).add(cols.row())));
    k.store(t.add(cols.col().mul(M).add(rowsM.row())), x.to(DType.F32).trans());
    k.store(c.add(rowsM.col().mul(N).add(rowsN.row())), k.dot(x, y.trans()));
  }).build();

  @TestFactory
  Stream<DynamicTest> transposesAloneAndInsideADot() {
    return TestBackends.perBackendAndThreads(new int[] {32, 128}, TransOnBackendsTest::run);
  }

  private static void run(Backend backend, int threads) {
    long seed = ThreadLocalRandom.current().nextLong();
    Random r = new Random(seed);
    float[] a = bf16Values(r, M * K);
    float[] b = bf16Values(r, N * K);
    CompiledKernel k = backend.compile(DEF.specialize(Map.of()),
        LaunchOptions.defaults().withCodegen(LaunchOptions.defaults().codegen().withThreadsPerProgram(threads)));
    try (DeviceBuffer da = backend.upload(bf16Bytes(a)); DeviceBuffer db = backend.upload(bf16Bytes(b));
        DeviceBuffer dt = backend.upload(poison(K * M)); DeviceBuffer dc = backend.upload(poison(M * N))) {
      backend.launch(k, new int[] {1, 1, 1}, List.of(da, db, dt, dc));
      backend.synchronize();
      ByteBuffer t = poison(K * M);
      ByteBuffer c = poison(M * N);
      backend.download(dt, t);
      backend.download(dc, c);
      for (int i = 0; i < M; i++) {
        for (int j = 0; j < K; j++) {
          assertEquals(a[i * K + j], t.getFloat(4 * (j * M + i)), backend.name() + " seed " + seed + ": t[" + j + "][" + i + "]");
        }
      }
      for (int i = 0; i < M; i++) {
        for (int j = 0; j < N; j++) {
          double expected = 0;
          double magnitude = 0;
          for (int q = 0; q < K; q++) {
            expected += (double) a[i * K + q] * b[j * K + q];
            magnitude += Math.abs((double) a[i * K + q] * b[j * K + q]);
          }
          double got = c.getFloat(4 * (i * N + j));
          assertTrue(Math.abs(got - expected) <= 1e-5 * magnitude + 1e-6,
              backend.name() + " seed " + seed + ": c[" + i + "][" + j + "] = " + got + ", expected " + expected);
        }
      }
    }
  }

  private static float[] bf16Values(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = Float.intBitsToFloat(Float.floatToRawIntBits((float) r.nextGaussian()) & 0xffff0000);
    }
    return v;
  }

  private static ByteBuffer bf16Bytes(float[] v) {
    ByteBuffer bb = ByteBuffer.allocateDirect(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      bb.putShort((short) (Float.floatToRawIntBits(f) >>> 16));
    }
    return bb.flip();
  }

  private static ByteBuffer poison(int floats) {
    ByteBuffer bb = ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < floats; i++) {
      bb.putFloat(Float.NaN);
    }
    return bb.flip();
  }
}
