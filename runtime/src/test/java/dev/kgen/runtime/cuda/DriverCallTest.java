package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jcuda.CudaException;
import jcuda.driver.CUresult;
import org.junit.jupiter.api.Test;

class DriverCallTest {
  @Test
  void aReturnedErrorCodeIsNamed() {
    var e = assertThrows(CudaDriverException.class, () -> DriverCall.run(
        "cuMemAlloc", () -> "allocating 8 bytes on device 0",
        () -> CUresult.CUDA_ERROR_OUT_OF_MEMORY));
    assertEquals("cuMemAlloc failed with CUDA_ERROR_OUT_OF_MEMORY while allocating 8 bytes on"
        + " device 0", e.getMessage());
    assertEquals("cuMemAlloc", e.call());
    assertEquals("CUDA_ERROR_OUT_OF_MEMORY", e.errorName());
    assertEquals("allocating 8 bytes on device 0", e.action());
    assertNull(e.getCause());
  }

  @Test
  void aThrownCudaExceptionIsWrapped() {
    CudaException jcuda = new CudaException("CUDA_ERROR_INVALID_VALUE");
    var e = assertThrows(CudaDriverException.class, () -> DriverCall.run(
        "cuLaunchKernel", () -> "launching kernel 'k'", () -> {
          throw jcuda;
        }));
    assertEquals("cuLaunchKernel failed with CUDA_ERROR_INVALID_VALUE while launching kernel 'k'",
        e.getMessage());
    assertSame(jcuda, e.getCause());
  }

  @Test
  void successIsSilentAndTheActionIsNotBuilt() {
    assertDoesNotThrow(() -> DriverCall.run("cuCtxSynchronize", () -> {
      throw new AssertionError("the action is only formatted on failure");
    }, () -> CUresult.CUDA_SUCCESS));
  }
}
