package dev.kgen.codegen.opencl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.ExecutionCases;
import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.codegen.PagedSpecs;
import dev.kgen.codegen.PoclRunner;
import dev.kgen.ir.DType;
import java.util.ArrayList;
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
    runAndCheck(OpenClEmitter.emit(launch.kernel(), options), launch, options);
  }

  private static void runAndCheck(GeneratedKernel g, ExecutionCases.Launch launch, CodegenOptions options) throws Exception {
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

  static Stream<Arguments> vectorLoadCases() {
    return pagedSpecs().flatMap(s -> Stream.of(Arguments.of(s, 8), Arguments.of(s, 4)));
  }

  /**
   * Paged attention with the vector loads CUDA uses (OpenCL proper keeps scalar loads), on
   * contiguous caches and on caches whose innermost axes are strided. Without tensor cores the
   * dot recomputes K and V per element, so here the query is the tile read in runs; the caches'
   * split index is covered by the gather below, and the strided caches check the recomputed reads.
   */
  @ParameterizedTest(name = "{0}, vector {1}")
  @MethodSource("vectorLoadCases")
  void vectorLoadsMatchTheInterpreterOnContiguousAndStridedCaches(PagedSpecs s, int vector) throws Exception {
    CodegenOptions o = new CodegenOptions(128, vector);
    for (ExecutionCases.Launch l : List.of(ExecutionCases.paged(s), ExecutionCases.pagedStridedCaches(s))) {
      runAndCheck(OpenClEmitter.emitWithVectorLoads(l.kernel(), o), l, o);
    }
  }

  static Stream<Arguments> splitGatherCases() {
    List<Arguments> cases = new ArrayList<>();
    for (DType dt : List.of(DType.BF16, DType.FP8E4M3, DType.F32, DType.I32)) {
      for (int vector : new int[] {2, 4, 8}) {
        cases.add(Arguments.of(dt, vector));
      }
    }
    return cases.stream();
  }

  /**
   * Vector loads through a K-cache-like split index ({@code c / x}, {@code c % x} times stride
   * arguments): consecutive and aligned runs, strided runs, misaligned runs and partly masked
   * runs, each with a split that keeps runs within one {@code x} group and one that does not.
   */
  @ParameterizedTest(name = "{0}, vector {1}")
  @MethodSource("splitGatherCases")
  void vectorLoadsMatchTheScalarLoadsWhateverTheStridesAlignmentAndMask(DType dt, int vector) throws Exception {
    CodegenOptions o = new CodegenOptions(64, vector);
    for (int x : new int[] {8, 4}) {
      for (ExecutionCases.Launch l : List.of(ExecutionCases.splitGather(dt, x, false, 0, 64),
          ExecutionCases.splitGather(dt, x, true, 0, 64), ExecutionCases.splitGather(dt, x, false, 1, 64),
          ExecutionCases.splitGather(dt, x, false, 0, 61))) {
        GeneratedKernel g = OpenClEmitter.emitWithVectorLoads(l.kernel(), o);
        if (!g.source().contains("kgen_v = ") && vector * dt.bytes() >= 4) {
          throw new AssertionError(l.name() + " at vector " + vector + ": no vector load");
        }
        runAndCheck(g, l, o);
      }
    }
  }
}
