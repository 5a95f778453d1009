package dev.kgen.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class OpenClExceptionTest {
  @Test
  void messageNamesCallErrorAndActivity() {
    OpenClTestSupport.requireDevice(); // the CL error names come from JOCL's native library
    OpenClException e = new OpenClException("clCreateBuffer", -61, "allocating 0 bytes on PoCL / cpu");
    assertEquals("clCreateBuffer failed with CL_INVALID_BUFFER_SIZE (-61) while allocating 0 bytes on PoCL / cpu", e.getMessage());
    assertEquals("clCreateBuffer", e.call().orElseThrow());
    assertEquals(OptionalInt.of(-61), e.errorCode());
  }

  @Test
  void plainMessageHasNoCall() {
    OpenClException e = new OpenClException("no OpenCL device is available: none");
    assertTrue(e.call().isEmpty());
    assertTrue(e.errorCode().isEmpty());
  }

  @Test
  void buildExceptionAppendsTheLog() {
    OpenClTestSupport.requireDevice();
    OpenClBuildException e = new OpenClBuildException("clBuildProgram", -11, "compiling x", "error: y");
    assertEquals("clBuildProgram failed with CL_BUILD_PROGRAM_FAILURE (-11) while compiling x; build log:\nerror: y", e.getMessage());
    assertEquals("error: y", e.buildLog());
  }

  @Test
  void buildExceptionSaysWhenThereIsNoLog() {
    OpenClTestSupport.requireDevice();
    OpenClBuildException e = new OpenClBuildException("clBuildProgram", -43, "compiling x", " ");
    assertTrue(e.getMessage().endsWith("build log:\n(the compiler left no build log)"), e.getMessage());
  }
}
