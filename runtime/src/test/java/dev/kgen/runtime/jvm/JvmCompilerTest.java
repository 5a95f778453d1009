package dev.kgen.runtime.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.jvm.JavaCodegenOptions;
import dev.kgen.codegen.jvm.JavaEmitter;
import dev.kgen.codegen.jvm.JavaSource;
import dev.kgen.runtime.cache.DiskCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmCompilerTest {
  private static JavaSource source() {
    return new JavaEmitter().emit(JvmCacheProbe.kernel());
  }

  @Test
  void compilesOnceThenLoadsFromMemoryAndFromDisk(@TempDir Path dir) {
    JavaSource source = source();
    JvmCompiler first = new JvmCompiler(new DiskCache(dir));
    int before = JvmCompiler.compilations();
    Class<?> a = first.load(source);
    assertEquals(before + 1, JvmCompiler.compilations(), "a cold cache compiles once");
    assertEquals(source.qualifiedName(), a.getName());
    assertTrue(Files.exists(first.cache().pathOf(JvmCompiler.cacheKey(source), JvmCompiler.SUFFIX)));
    assertSame(a, first.load(source), "the same compiler keeps loaded classes");
    Class<?> b = new JvmCompiler(new DiskCache(dir)).load(source);
    assertEquals(before + 1, JvmCompiler.compilations(), "a second compiler over the same directory loads from disk");
    assertNotSame(a, b, "each compiler defines the kernel in its own class loader");
  }

  @Test
  void aDamagedCacheEntryIsCompiledAgain(@TempDir Path dir) throws IOException {
    JavaSource source = source();
    DiskCache cache = new DiskCache(dir);
    Files.createDirectories(dir);
    Files.write(cache.pathOf(JvmCompiler.cacheKey(source), JvmCompiler.SUFFIX), "not classes".getBytes(StandardCharsets.UTF_8));
    int before = JvmCompiler.compilations();
    new JvmCompiler(cache).load(source);
    assertEquals(before + 1, JvmCompiler.compilations());
  }

  @Test
  void cacheKeysFollowTheSourceAndTheEmitterVersion() {
    JavaSource s = source();
    JavaSource other = new JavaEmitter(new JavaCodegenOptions(false)).emit(JvmCacheProbe.kernel());
    JavaSource newer = new JavaSource(s.packageName(), s.simpleName(), s.text(), s.kernelName(), "kgen-jvm-next");
    assertEquals(JvmCompiler.cacheKey(s), JvmCompiler.cacheKey(source()));
    assertTrue(!JvmCompiler.cacheKey(s).equals(JvmCompiler.cacheKey(other)));
    assertTrue(!JvmCompiler.cacheKey(s).equals(JvmCompiler.cacheKey(newer)));
  }

  @Test
  void aSecondProcessLoadsFromTheDiskCacheWithoutCompiling(@TempDir Path dir) throws Exception {
    new JvmCompiler(new DiskCache(dir)).load(source());
    Child child = child(dir, false);
    assertEquals(0, child.exit(), child.output());
    assertTrue(child.output().contains("compilations=0 parity=ok"), child.output());
  }

  @Test
  void withoutACompilerACachedKernelStillLoadsAndAMissingOneSaysWhy(@TempDir Path dir) throws Exception {
    Path empty = dir.resolve("empty");
    Child cold = child(empty, true);
    assertEquals(3, cold.exit(), cold.output());
    assertTrue(cold.output().contains("has no Java compiler"), cold.output());
    assertTrue(cold.output().contains("There is no fallback"), cold.output());

    Path warm = dir.resolve("warm");
    new JvmCompiler(new DiskCache(warm)).load(source());
    Child cached = child(warm, true);
    assertEquals(0, cached.exit(), cached.output());
    assertTrue(cached.output().contains("compilations=0 parity=ok"), cached.output());
  }

  private record Child(int exit, String output) {}

  /** Runs {@link JvmCacheProbe} in a new JVM; {@code withoutCompiler} leaves jdk.compiler out of its module graph. */
  private static Child child(Path cacheDir, boolean withoutCompiler) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (withoutCompiler) {
      cmd.add("--limit-modules");
      cmd.add("java.se");
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(JvmCacheProbe.class.getName());
    cmd.add(cacheDir.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
      return new Child(-1, "timed out: " + out);
    }
    return new Child(p.exitValue(), out);
  }
}
