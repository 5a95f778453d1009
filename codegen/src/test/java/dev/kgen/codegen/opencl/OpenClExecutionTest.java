package dev.kgen.codegen.opencl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.ExecutionCases;
import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.codegen.PagedSpecs;
import dev.kgen.codegen.PoclRunner;
import dev.kgen.ir.DType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the emitted OpenCL on the host's OpenCL platform (PoCL) and compares every buffer with
 * the interpreter. The lowering is shared with CUDA, so this also checks the layouts, the
 * shared-memory staging and the conversion helpers CUDA uses. Skipped where no OpenCL
 * platform and C compiler exist.
 */
class OpenClExecutionTest {
  @BeforeAll
  static void needsOpenCl() {
    String why = PoclRunner.unavailableReason();
    assumeTrue(why == null, () -> "skipping OpenCL execution: " + why);
  }

  private static void runAndCheck(ExecutionCases.Launch launch, CodegenOptions options) throws Exception {
    GeneratedKernel g = OpenClEmitter.emit(launch.kernel(), options);
    List<Object> expected = launch.expected();
    List<Object> actual = launch.copyArgs();
    PoclRunner.run(g, launch.grid(), actual);
    launch.check("opencl " + options, expected, actual);
  }

  @Test
  void elementwiseOpsAndConversionsMatchTheInterpreterBitForBit() throws Exception {
    runAndCheck(ExecutionCases.elementwise(), CodegenOptions.DEFAULT);
  }

  static Stream<Arguments> layoutOptions() {
    return Stream.of(Arguments.of(128, 4), Arguments.of(32, 1), Arguments.of(64, 8), Arguments.of(256, 2),
        Arguments.of(1024, 8));
  }

  @ParameterizedTest(name = "threads {0}, vector {1}")
  @MethodSource("layoutOptions")
  void layoutChangesAndControlFlowMatchTheInterpreterBitForBit(int threads, int vector) throws Exception {
    CodegenOptions o = new CodegenOptions(threads, vector);
    runAndCheck(ExecutionCases.layouts(3), o);
    runAndCheck(ExecutionCases.layouts(0), o);
  }

  @Test
  void rowSoftmaxMatchesTheInterpreter() throws Exception {
    runAndCheck(ExecutionCases.rowSoftmax(), CodegenOptions.DEFAULT);
  }

  static Stream<PagedSpecs> pagedSpecs() {
    PagedSpecs s = PagedSpecs.small();
    return Stream.of(s, s.withKv(DType.FP8E4M3),
        new PagedSpecs(80, 544, 6, DType.F16, DType.FP8E5M2, false, true, 0, true, false),
        new PagedSpecs(128, 32, 1, DType.BF16, DType.BF16, true, true, 64, false, true));
  }

  @ParameterizedTest
  @MethodSource("pagedSpecs")
  void pagedAttentionMatchesTheInterpreter(PagedSpecs s) throws Exception {
    runAndCheck(ExecutionCases.paged(s), CodegenOptions.DEFAULT);
  }
}
