package dev.kgen.examples.softmax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kgen.launch.ElementType;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SoftmaxRowsTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void checkCatchesUnwrittenElementsAndWrittenPadding() {
    SoftmaxRows rows = SoftmaxRows.generate(2, 3, ElementType.FP32, 1);
    assertEquals(4, rows.blockN());
    ByteBuffer out = rows.poisonedOutput();
    assertEquals("softmax left row 0 column 0 unwritten (still NaN)",
        assertThrows(IllegalStateException.class, () -> rows.check(out, QUIET)).getMessage());
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 3; c++) {
        ElementType.FP32.write(out, r * rows.stride() + c, 1.0 / 3);
      }
    }
    ElementType.FP32.write(out, rows.stride() + 3, 0);
    assertEquals("softmax wrote row 1 padding column 3: 0.0",
        assertThrows(IllegalStateException.class, () -> rows.check(out, QUIET)).getMessage());
  }
}
