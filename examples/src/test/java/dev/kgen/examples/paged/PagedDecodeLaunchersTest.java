package dev.kgen.examples.paged;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.examples.support.Pocl;
import org.junit.jupiter.api.Test;

class PagedDecodeLaunchersTest {
  @Test
  void mainRunsOnOpenCl() {
    Pocl.require();
    PagedDecodeLaunchers.main(new String[] {"opencl"});
  }

  @Test
  void agreesWithTheJitPathToTheLastBit() {
    Pocl.require();
    // the same specialization and the same source, built by two different runtimes
    assertTrue(PagedDecodeLaunchers.run("opencl", System.out) == PagedDecodeJit.run("opencl", System.out));
  }
}
