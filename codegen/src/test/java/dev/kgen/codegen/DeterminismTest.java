package dev.kgen.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.codegen.opencl.OpenClEmitter;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Generated output depends only on the kernel and the options: no random, time or hash order. */
class DeterminismTest {
  private static final List<Kernel> KERNELS = List.of(
      PagedSpecs.small().kernel(),
      new PagedSpecs(96, 544, 6, DType.F16, DType.FP8E5M2, false, true, 0, true, false).kernel(),
      TestKernels.LAYOUTS.specialize(Map.of("M", 16, "K", 32, "N", 8)));

  @Test
  void emittingTwiceGivesIdenticalSources() {
    for (Kernel k : KERNELS) {
      assertEquals(CudaEmitter.emit(k).source(), CudaEmitter.emit(k).source());
      assertEquals(OpenClEmitter.emit(k).source(), OpenClEmitter.emit(k).source());
      assertEquals(CudaEmitter.emit(k), CudaEmitter.emit(k));
    }
  }

  @Test
  void emittingConcurrentlyGivesIdenticalSources() throws Exception {
    Kernel k = KERNELS.get(1);
    String cuda = CudaEmitter.emit(k).source();
    String cl = OpenClEmitter.emit(k).source();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String[]>> runs = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        runs.add(pool.submit(() -> new String[] {CudaEmitter.emit(k).source(), OpenClEmitter.emit(k).source()}));
      }
      for (Future<String[]> f : runs) {
        assertEquals(cuda, f.get()[0]);
        assertEquals(cl, f.get()[1]);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRespecializedKernelEmitsTheSameSource() {
    Kernel again = PagedSpecs.small().kernel().toBuilder().build();
    assertEquals(CudaEmitter.emit(PagedSpecs.small().kernel()).source(), CudaEmitter.emit(again).source());
  }
}
