package dev.kgen.codegen.jvm;

import dev.kgen.ir.DType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JavaEmitterScratchTest {
  @Test
  void print() {
    var k = GoldenKernels.SOFTMAX.specialize(Map.of("ROWS", 2, "BLOCK", 8, "DTYPE", DType.BF16));
    System.out.println(k.print());
    System.out.println(new JavaEmitter().emit(k).text());
    var r = GoldenKernels.rmsNorm(Map.of("BLOCK", 16, "DTYPE", DType.F32));
    System.out.println(r.print());
    System.out.println(new JavaEmitter().emit(r).text());
  }
}
