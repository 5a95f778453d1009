package dev.kgen.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.dsl.KernelDef;
import dev.kgen.ir.DType;
import dev.kgen.kernels.norm.RmsNormKernel;
import dev.kgen.kernels.norm.RowProblem;
import dev.kgen.kernels.norm.SoftmaxKernel;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.CompiledKernel;
import dev.kgen.runtime.DeviceBuffer;
import dev.kgen.runtime.LaunchOptions;
import dev.kgen.runtime.TestBackends;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The DSL's second and third kernels (row softmax, RMSNorm) on every device backend. */
class RowKernelsOnBackendsTest {
  @TestFactory
  Stream<DynamicTest> softmaxAndRmsNorm() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Backend b : TestBackends.compiled()) {
      for (String dtype : List.of("fp32", "bf16", "fp16")) {
        for (boolean softmax : List.of(true, false)) {
          tests.add(DynamicTest.dynamicTest(b.name() + " " + (softmax ? "softmax " : "rms_norm ") + dtype,
              () -> run(b, softmax, DType.fromIrName(dtype))));
        }
      }
    }
    return tests.stream();
  }

  private static void run(Backend b, boolean softmax, DType dtype) {
    long seed = ThreadLocalRandom.current().nextLong();
    RowProblem p = new RowProblem(5, 300, dtype, seed);
    KernelDef def = softmax ? SoftmaxKernel.DEF : RmsNormKernel.DEF;
    CompiledKernel k = b.compile(def.specialize(p.constexprs()), LaunchOptions.defaults());
    try (DeviceBuffer out = b.upload(p.poisonedOutput()); DeviceBuffer in = b.upload(p.input());
        DeviceBuffer w = b.upload(p.weight())) {
      List<Object> args = new ArrayList<>();
      for (Object a : softmax ? p.softmaxArgs(p.input()) : p.rmsNormArgs(p.input())) {
        args.add(a);
      }
      args.set(0, out);
      args.set(1, in);
      if (!softmax) {
        args.set(2, w);
      }
      b.launch(k, p.grid(), args);
      b.synchronize();
      ByteBuffer host = p.poisonedOutput();
      b.download(out, host);
      double err = p.maxError(softmax ? p.softmaxReference() : p.rmsNormReference(), host);
      assertTrue(err < p.tolerance(), b.name() + " seed " + seed + ": error " + err);
    }
  }
}
