package dev.kgen.runtime.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.kernels.paged.PagedAttentionCase;
import dev.kgen.kernels.paged.PagedAttentionInputs;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.CompiledKernel;
import dev.kgen.runtime.DeviceBuffer;
import dev.kgen.runtime.DeviceInfo;
import dev.kgen.runtime.LaunchOptions;
import dev.kgen.runtime.interp.InterpreterBackend;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A timed split-KV call is timed as the caller sees it: its pass and reduce kernels as one
 * sequence (one cache flush, one pair of events on CUDA), not as two launches timed apart.
 */
class SplitTimingTest {
  @Test
  void aSplitCallIsTimedAsOneSequenceOfItsTwoKernels() {
    PagedAttentionCase c = PagedAttentionCase.builder().name("timed").numSeqs(2).qHeads(4).kvHeads(2).headSize(32)
        .blockSize(16).seqLenRange(40, 70).dtype(DType.BF16).kvCacheDtype("auto").build();
    PagedAttentionInputs inputs = PagedAttentionInputs.generate(c, 7);
    try (Recording b = new Recording(); PagedAttentionHarness h = new PagedAttentionHarness(b, inputs);
        PagedAttention pa = PagedAttention.untuned(b)) {
      PagedAttention.Prepared call = pa.prepare(h.args());
      PagedAttentionConfig d = PagedAttention.defaultConfig("interpreter", call.spec());
      double split = call.run(new PagedAttentionConfig(16, d.threads(), d.vectorWidth(), 1, 1), true);
      assertEquals(List.of(2), b.sequences, "pass and reduce in one sequence");
      assertEquals(0, b.single);
      assertTrue(split > 0);
      assertTrue(h.check().passed(), h.check().summary());
      call.run(new PagedAttentionConfig(16, d.threads(), d.vectorWidth(), 1, 0), true);
      assertEquals(1, b.single, "one pass: one timed launch");
    }
  }

  /** The interpreter, counting the timed launches and sequences it is asked for. */
  private static final class Recording implements Backend {
    final InterpreterBackend inner = new InterpreterBackend();
    final List<Integer> sequences = new ArrayList<>();
    int single;

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public DeviceInfo device() {
      return inner.device();
    }

    @Override
    public DeviceBuffer allocate(long bytes) {
      return inner.allocate(bytes);
    }

    @Override
    public void upload(DeviceBuffer dst, ByteBuffer src) {
      inner.upload(dst, src);
    }

    @Override
    public void download(DeviceBuffer src, ByteBuffer dst) {
      inner.download(src, dst);
    }

    @Override
    public long address(DeviceBuffer buffer) {
      return inner.address(buffer);
    }

    @Override
    public CompiledKernel compile(Kernel kernel, LaunchOptions options) {
      return inner.compile(kernel, options);
    }

    @Override
    public void launch(CompiledKernel kernel, int[] grid, List<Object> args) {
      inner.launch(kernel, grid, args);
    }

    @Override
    public void synchronize() {
      inner.synchronize();
    }

    @Override
    public double timeLaunch(CompiledKernel kernel, int[] grid, List<Object> args) {
      single++;
      return inner.timeLaunch(kernel, grid, args);
    }

    @Override
    public double timeLaunches(List<Launch> launches) {
      sequences.add(launches.size());
      return launches.stream().mapToDouble(l -> inner.timeLaunch(l.kernel(), l.grid(), l.args())).sum();
    }

    @Override
    public double copyBandwidth() {
      return inner.copyBandwidth();
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
