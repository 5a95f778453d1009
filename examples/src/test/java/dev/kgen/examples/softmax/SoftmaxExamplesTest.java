package dev.kgen.examples.softmax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.examples.support.Pocl;
import dev.kgen.examples.tuning.CachedTuning.Choice;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three softmax examples, run as a user would run them. */
class SoftmaxExamplesTest {
  @TempDir
  Path cache;

  @Test
  void jitOnTheJvmBackendAndOnOpenCl() {
    SoftmaxJit.main(new String[] {"jvm"});
    Pocl.require();
    SoftmaxJit.main(new String[] {"opencl"});
  }

  @Test
  void buildTimeLaunchersOnOpenCl() {
    Pocl.require();
    SoftmaxLaunchers.main(new String[] {"opencl"});
  }

  @Test
  void tuningThenTheCachedResult() {
    List<Choice> choices = SoftmaxTuning.run("jvm", cache, System.out);
    assertEquals(false, choices.get(0).fromCache());
    assertEquals(true, choices.get(1).fromCache());
    SoftmaxTuning.main(new String[] {"jvm", cache.toString()});
    assertTrue(List.of(1024, 2048).contains(choices.get(0).configuration().getInt("BLOCK_N")));
  }
}
