package dev.kgen.examples.paged;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.examples.support.Pocl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PagedDecodeJitTest {
  @Test
  void runsOnTheJvmBackend() {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    double error = PagedDecodeJit.run("jvm", new PrintStream(text, true, StandardCharsets.UTF_8));
    assertTrue(error <= DecodeStep.TOLERANCE, text.toString(StandardCharsets.UTF_8));
    assertTrue(text.toString(StandardCharsets.UTF_8).contains("sequence 2: 61 tokens in blocks"), text.toString(StandardCharsets.UTF_8));
  }

  @Test
  void runsOnOpenCl() {
    Pocl.require();
    assertTrue(PagedDecodeJit.run("opencl", System.out) <= DecodeStep.TOLERANCE);
  }

  @Test
  void mainRuns() {
    PagedDecodeJit.main(new String[] {"jvm"});
  }
}
