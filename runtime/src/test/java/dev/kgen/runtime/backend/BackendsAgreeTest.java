package dev.kgen.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.ir.DType;
import dev.kgen.kernels.paged.PagedAttentionCase;
import dev.kgen.kernels.paged.PagedAttentionInputs;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.TestBackends;
import dev.kgen.runtime.interp.InterpreterBackend;
import dev.kgen.runtime.paged.PagedAttention;
import dev.kgen.runtime.paged.PagedAttentionHarness;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * One random case through the interpreter, the JVM backend, OpenCL and (where present) CUDA:
 * every backend's output must agree with the interpreter's elementwise (2% relative plus 1e-3
 * absolute), and all must pass the float64 check.
 */
class BackendsAgreeTest {
  @Test
  void interpreterJvmOpenClAndCudaAgree() {
    long seed = ThreadLocalRandom.current().nextLong();
    PagedAttentionCase c = PagedAttentionCase.builder().name("agree").numSeqs(4).qHeads(12).kvHeads(2).headSize(80)
        .blockSize(16).seqLenRange(1, 90).dtype(DType.BF16).kvCacheDtype("auto").sinks(true).alibi(true).window(30)
        .build();
    PagedAttentionInputs inputs = PagedAttentionInputs.generate(c, seed);
    List<Backend> backends = new ArrayList<>(List.of(new InterpreterBackend()));
    backends.addAll(TestBackends.compiled());
    ByteBuffer reference = null;
    for (Backend b : backends) {
      try (b; PagedAttentionHarness h = new PagedAttentionHarness(b, inputs); PagedAttention pa = PagedAttention.untuned(b)) {
        pa.forward(h.args());
        assertTrue(h.check().passed(), () -> b.name() + " seed " + seed + ": " + h.check().summary());
        ByteBuffer out = inputs.newOutput(PagedAttentionHarness.POISON);
        b.synchronize();
        b.download(h.args().output().buffer(), out);
        if (reference == null) {
          reference = out;
          continue;
        }
        long elements = out.capacity() / 2;
        int differing = 0;
        for (long i = 0; i < elements; i++) {
          double x = DType.BF16.read(reference, i);
          double y = DType.BF16.read(out, i);
          boolean bothNan = Double.isNaN(x) && Double.isNaN(y);
          // the interpreter sums in double, devices in fp32, and a probability rounded to bf16
          // one ulp apart moves the output by more than an ulp near zero: relative plus absolute
          if (!bothNan && !(Math.abs(x - y) <= 0.02 * Math.abs(x) + 1e-3)) {
            differing++;
          }
        }
        assertEquals(0, differing, b.name() + " differs from the interpreter in " + differing + " elements, seed " + seed);
      }
    }
    assertTrue(backends.size() >= 3, "the interpreter and at least two compiled backends must take part");
  }
}
