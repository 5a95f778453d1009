package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelArgsTest {
  @Test
  void packsEveryScalarWidth() {
    assertNotNull(KernelArgs.pack("k",
        List.of(1, 2L, 3.0f, 4.0, (short) 5, (byte) 6)));
    assertNotNull(KernelArgs.pack("k", List.of()));
  }

  @Test
  void rejectsOtherTypesNamingTheArgument() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> KernelArgs.pack("vadd", List.of(1, true)));
    assertEquals("argument 1 of kernel 'vadd' is java.lang.Boolean (true): expected CudaBuffer,"
        + " Integer, Long, Float, Double, Short or Byte", e.getMessage());
    var n = assertThrows(IllegalArgumentException.class,
        () -> KernelArgs.pack("vadd", Arrays.asList(1, null)));
    assertEquals("argument 1 of kernel 'vadd' is null: expected CudaBuffer, Integer, Long,"
        + " Float, Double, Short or Byte", n.getMessage());
  }
}
