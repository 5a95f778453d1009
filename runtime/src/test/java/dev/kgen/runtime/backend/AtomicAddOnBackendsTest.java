package dev.kgen.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code atomic_add} on every backend, as split-KV's merge in the pass uses it: each program
 * writes a partial, counts its arrival, and the last to arrive sums every partial (which the
 * add's ordering makes visible) and resets the counter with a relaxed add.
 */
class AtomicAddOnBackendsTest {
  private static final int PROGRAMS = 96;
  private static final int ROW = 64;

  /** partial[p] = sum of row p of x; the last program writes the sum of all partials to total[0]. */
  static final KernelDef DEF = KernelDef.builder("last_program_sums").body(k -> {
    Tile x = k.pointer("x_ptr", DType.F32);
    Tile partial = k.pointer("partial_ptr", DType.F32);
    Tile tickets = k.pointer("ticket_ptr", DType.I32);
    Tile counter = k.pointer("counter_ptr", DType.I32);
    Tile total = k.pointer("total_ptr", DType.F32);
    Tile p = k.programId(0);
    k.store(partial.add(p), k.load(x.add(p.mul(ROW)).add(k.arange(0, ROW))).sum(0));
    Tile ticket = k.atomicAdd(counter, 1);
    k.store(tickets.add(p), ticket);
    k.ifThen(ticket.eq(PROGRAMS - 1), () -> {
      List<Tile> sum = k.forRange(0, k.constant(PROGRAMS), List.of(k.zeros(new int[] {}, DType.F32)),
          (i, c) -> List.of(c.get(0).add(k.load(partial.add(i)))));
      k.store(total, sum.get(0));
      k.atomicAddRelaxed(counter, k.constant(-PROGRAMS));
    });
  }).build();

  @TestFactory
  Stream<DynamicTest> theLastProgramSeesEveryPartial() {
    return TestBackends.perBackendAndThreads(new int[] {32, 128}, AtomicAddOnBackendsTest::run);
  }

  private static void run(Backend backend, int threads) {
    long seed = ThreadLocalRandom.current().nextLong();
    Random r = new Random(seed);
    ByteBuffer x = ByteBuffer.allocateDirect(4 * PROGRAMS * ROW).order(ByteOrder.LITTLE_ENDIAN);
    double expected = 0;
    for (int i = 0; i < PROGRAMS * ROW; i++) {
      int v = r.nextInt(201) - 100; // small integers: every sum is exact in fp32, in any order
      x.putFloat(4 * i, v);
      expected += v;
    }
    CompiledKernel k = backend.compile(DEF.specialize(Map.of()),
        LaunchOptions.defaults().withCodegen(LaunchOptions.defaults().codegen().withThreadsPerProgram(threads)));
    try (DeviceBuffer dx = backend.upload(x); DeviceBuffer partial = backend.upload(ints(PROGRAMS, -1));
        DeviceBuffer tickets = backend.upload(ints(PROGRAMS, -1)); DeviceBuffer counter = backend.upload(ints(1, 0));
        DeviceBuffer total = backend.upload(ints(1, -1))) {
      for (int call = 0; call < 2; call++) { // the second call finds the counter reset by the first
        backend.upload(total, ints(1, -1));
        backend.launch(k, new int[] {PROGRAMS, 1, 1}, List.of(dx, partial, tickets, counter, total));
        backend.synchronize();
        String where = backend.name() + " seed " + seed + " call " + call;
        assertEquals(expected, download(backend, total, 1).getFloat(0), where + ": the last program's sum");
        ByteBuffer t = download(backend, tickets, PROGRAMS);
        TreeSet<Integer> seen = new TreeSet<>();
        for (int i = 0; i < PROGRAMS; i++) {
          seen.add(t.getInt(4 * i));
        }
        assertEquals(PROGRAMS, seen.size(), where + ": every program's ticket differs");
        assertEquals(0, seen.first(), where);
        assertEquals(PROGRAMS - 1, seen.last(), where);
        assertEquals(0, download(backend, counter, 1).getInt(0), where + ": the counter is zero again");
      }
    }
  }

  private static ByteBuffer ints(int n, int value) {
    ByteBuffer b = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      b.putInt(4 * i, value);
    }
    return b;
  }

  private static ByteBuffer download(Backend backend, DeviceBuffer b, int n) {
    ByteBuffer out = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    backend.download(b, out);
    return out;
  }
}
