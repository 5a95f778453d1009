package dev.kgen.examples.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.examples.paged.PagedDecodeLaunchers;
import dev.kgen.examples.support.Pocl;
import dev.kgen.launch.Device;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.jocl.CL;
import org.junit.jupiter.api.Test;

/**
 * The promise of build-time generation: a program that uses the launchers runs with kgen-launch
 * and JOCL alone on its class path, without the DSL, the code generators or the run-time
 * backends. The examples run in a child JVM whose class path holds only the examples' classes
 * (with their generated resources), kgen-launch and JOCL; a JIT example on the same class path
 * must fail for want of the DSL, which shows the class path really lacks it.
 */
class LaunchersNeedOnlyKgenLaunchTest {
  private static String location(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String launchOnlyClassPath() {
    return String.join(File.pathSeparator, location(PagedDecodeLaunchers.class), location(Device.class), location(CL.class));
  }

  private record Run(int exit, String output) {}

  private static Run java(String mainClass, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", launchOnlyClassPath(), mainClass));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(mainClass + " did not finish in 180 s");
    }
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void noEntryOfTheClassPathHoldsTheDslCodegenOrRuntime() throws IOException {
    for (String entry : launchOnlyClassPath().split(File.pathSeparator)) {
      for (String pkg : new String[] {"dev/kgen/dsl/", "dev/kgen/ir/", "dev/kgen/codegen/", "dev/kgen/runtime/"}) {
        Path p = Path.of(entry);
        boolean holds;
        if (Files.isDirectory(p)) {
          holds = Files.exists(p.resolve(pkg));
        } else {
          try (JarFile jar = new JarFile(p.toFile())) {
            holds = jar.stream().anyMatch(e -> e.getName().startsWith(pkg));
          }
        }
        assertTrue(!holds, entry + " holds " + pkg);
      }
    }
  }

  @Test
  void bothLauncherExamplesRunOnIt() throws IOException, InterruptedException {
    Pocl.require();
    Run paged = java("dev.kgen.examples.paged.PagedDecodeLaunchers", "opencl");
    assertEquals(0, paged.exit(), paged.output());
    assertTrue(paged.output().contains("relative L2 error vs the float64 reference"), paged.output());
    Run softmax = java("dev.kgen.examples.softmax.SoftmaxLaunchers", "opencl");
    assertEquals(0, softmax.exit(), softmax.output());
    assertTrue(softmax.output().contains("5 rows of 100 fp32: largest error"), softmax.output());
  }

  @Test
  void aJitExampleDoesNotForWantOfTheDsl() throws IOException, InterruptedException {
    Run jit = java("dev.kgen.examples.softmax.SoftmaxJit", "jvm");
    assertEquals(1, jit.exit(), jit.output());
    assertTrue(jit.output().contains("NoClassDefFoundError: dev/kgen/"), jit.output());
  }
}
