package dev.kgen.runtime.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.jvm.JavaCodegenOptions;
import dev.kgen.codegen.jvm.JvmKernelException;
import dev.kgen.interp.Interpreter;
import dev.kgen.interp.InterpreterException;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.runtime.cache.DiskCache;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Loads read a row at a time from a heap buffer's array give the interpreter's results bit for
 * bit, and so do the paths around them: direct, read-only and sliced buffers, columns in
 * descending order, masked-off rows, and a row out of bounds, reported as the interpreter
 * reports it.
 */
class JvmRowLoadTest {
  @TempDir
  static Path cacheDir;

  private static JvmCompiler compiler;

  private static final int ROWS = 8;
  private static final int COLS = 16;

  @BeforeAll
  static void compiler() {
    compiler = new JvmCompiler(new DiskCache(cacheDir));
  }

  /** How the x buffer is handed to the JVM backend. */
  private enum View {
    HEAP(b -> b),
    DIRECT(b -> {
      ByteBuffer d = ByteBuffer.allocateDirect(b.capacity()).order(ByteOrder.LITTLE_ENDIAN);
      d.put(b.duplicate().clear());
      return d.clear();
    }),
    READ_ONLY(ByteBuffer::asReadOnlyBuffer),
    /** A slice 6 bytes into a bigger array, so element 0 is not at array index 0. */
    SLICED(b -> {
      ByteBuffer big = ByteBuffer.allocate(b.capacity() + 10);
      big.position(6);
      big.put(b.duplicate().clear());
      return big.position(6).limit(6 + b.capacity()).slice().order(ByteOrder.LITTLE_ENDIAN);
    });

    final UnaryOperator<ByteBuffer> of;

    View(UnaryOperator<ByteBuffer> of) {
      this.of = of;
    }
  }

  private static JvmKernel compile(Kernel k) {
    return JvmKernel.compile(k, JavaCodegenOptions.defaults(), compiler);
  }

  @ParameterizedTest(name = "{0} {1} col_stride={2} n_cols={3}")
  @CsvSource({"fp32, HEAP, 1, 16", "bf16, HEAP, 1, 13", "fp16, HEAP, 3, 16", "fp8e4m3, HEAP, 1, 9", "fp8e5m2, HEAP, 2, 16",
      "fp64, HEAP, 1, 16", "bf16, HEAP, -1, 16", "bf16, DIRECT, 1, 11", "fp32, READ_ONLY, 2, 16", "bf16, SLICED, 1, 16",
      "fp8e4m3, SLICED, -2, 15", "fp32, SLICED, 1, 0", "bf16, HEAP, 1, 0"})
  void gatheredRowsMatchTheInterpreter(String dtype, View view, long colStride, int nCols) {
    DType t = DType.fromIrName(dtype);
    Kernel k = TestKernels.GATHER_ROWS.specialize(Map.of("ROWS", ROWS, "COLS", COLS, "DTYPE", t));
    long seed = System.nanoTime();
    Random r = new Random(seed);
    int nRows = 6; // rows 6 and 7 are masked off
    long rowStride = 64;
    int tableRows = 12;
    ByteBuffer x = Buffers.gaussian(t, (int) (tableRows * rowStride), 2.0, r);
    int[] index = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      // descending columns read the rows before the indexed one; a masked-off row's entry is never used
      index[i] = i >= nRows ? 1 << 30 : colStride < 0 ? 1 + r.nextInt(tableRows - 1) : r.nextInt(tableRows);
    }
    ByteBuffer idx = Buffers.ints(DType.I32, index);
    List<Object> args = List.of(Buffers.poisoned(t, ROWS * COLS), x, idx, nRows, nCols, rowStride, colStride);
    List<Object> expected = InterpreterParity.copy(args);
    List<Object> actual = new ArrayList<>(InterpreterParity.copy(args));
    actual.set(1, view.of.apply((ByteBuffer) actual.get(1)));
    new Interpreter(k).run(new int[] {1}, expected);
    JvmKernel jvm = compile(k);
    assertTrue(jvm.source().text().contains("rowInBounds(row, lo, hi, x_ptr_len)"), "x_ptr is read a row at a time");
    jvm.launch(new int[] {1}, actual, JvmLaunchOptions.defaults());
    assertNull(Buffers.firstDifference(t, (ByteBuffer) expected.get(0), (ByteBuffer) actual.get(0)),
        view + " seed " + seed);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"HEAP", "DIRECT", "SLICED"})
  void aRowOutOfBoundsIsReportedAsTheInterpreterReportsIt(View view) {
    Kernel k = TestKernels.GATHER_ROWS.specialize(Map.of("ROWS", ROWS, "COLS", COLS, "DTYPE", DType.BF16));
    ByteBuffer x = Buffers.gaussian(DType.BF16, 4 * 64, 1.0, new Random(1));
    ByteBuffer idx = Buffers.ints(DType.I32, new int[] {0, 3, 1, 4, 2, 0, 0, 0}); // row 3 starts at element 256
    List<Object> args = List.of(Buffers.poisoned(DType.BF16, ROWS * COLS), x, idx, 5, COLS, 64L, 1L);
    List<Object> actual = new ArrayList<>(InterpreterParity.copy(args));
    actual.set(1, view.of.apply((ByteBuffer) actual.get(1)));
    String jvmMessage = assertThrows(JvmKernelException.class,
        () -> compile(k).launch(new int[] {1}, actual, JvmLaunchOptions.defaults())).getMessage();
    String interpreterMessage = assertThrows(InterpreterException.class,
        () -> new Interpreter(k, false).run(new int[] {1}, InterpreterParity.copy(args))).getMessage();
    assertEquals("gather_rows: load out of bounds: x_ptr[256] but the buffer holds 256 elements of bf16 (program 0,0,0)",
        jvmMessage);
    assertEquals(interpreterMessage, jvmMessage);
  }
}
