package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompiledCudaTest {
  private static CompiledCuda ptx(String text) {
    return new CompiledCuda("k", CudaTarget.ptx("sm_90"), text.getBytes(StandardCharsets.UTF_8),
        "log", "nvcc", "13.0.88", false);
  }

  @Test
  void bytesAreCopiedInAndOut() {
    byte[] in = {1, 2, 3};
    CompiledCuda c = new CompiledCuda("k", CudaTarget.cubin("sm_90"), in, "", "nvcc", "1", false);
    in[0] = 9;
    byte[] out = c.bytes();
    out[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, c.bytes());
  }

  @Test
  void valueEqualityCoversBytes() {
    assertEquals(ptx(".entry k"), ptx(".entry k"));
    assertEquals(ptx(".entry k").hashCode(), ptx(".entry k").hashCode());
    assertNotEquals(ptx(".entry k"), ptx(".entry j"));
    assertNotEquals(ptx(".entry k"), ptx(".entry k").withFromCache(true));
  }

  @Test
  void ptxTextAndKind() {
    CompiledCuda c = ptx(".entry k");
    assertEquals(".entry k", c.ptx());
    assertEquals(CudaOutputKind.PTX, c.kind());
    assertEquals("nvcc 13.0.88", c.compiler());
    assertTrue(c.withFromCache(true).fromCache());
    assertFalse(c.fromCache());
  }

  @Test
  void rejectsEmptyOutputAndPtxOfCubin() {
    var e = assertThrows(IllegalArgumentException.class, () -> new CompiledCuda(
        "k", CudaTarget.ptx("sm_90"), new byte[0], "", "nvcc", "1", false));
    assertEquals("compiled CUDA for kernel 'k' is empty: expected PTX output from nvcc",
        e.getMessage());
    CompiledCuda cubin =
        new CompiledCuda("k", CudaTarget.cubin("sm_90"), new byte[] {1}, "", "nvcc", "1", false);
    var s = assertThrows(IllegalStateException.class, cubin::ptx);
    assertEquals("kernel 'k' was compiled to CUBIN, not PTX", s.getMessage());
  }
}
