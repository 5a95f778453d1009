package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingCudaCompilerTest {
  @TempDir Path tmp;

  /** Echoes the source as "PTX" and counts calls; fails on sources containing "error". */
  static final class FakeCompiler implements CudaCompiler {
    int calls;
    String version = "1.0";

    @Override
    public String id() {
      return "fake";
    }

    @Override
    public String version() {
      return version;
    }

    @Override
    public CompiledCuda compile(String source, String kernelName, CudaTarget target) {
      calls++;
      if (source.contains("error")) {
        throw new CudaCompileException("fake failed", "error: " + source, null);
      }
      byte[] out = (target.arch() + ":" + source).getBytes(StandardCharsets.UTF_8);
      return new CompiledCuda(kernelName, target, out, "log of " + kernelName, id(), version,
          false);
    }
  }

  @Test
  void secondCompileIsAHitWithTheSameBytesAndLog() {
    FakeCompiler fake = new FakeCompiler();
    CachingCudaCompiler cache = new CachingCudaCompiler(fake, tmp);
    long totalBefore = CachingCudaCompiler.totalInvocations();
    CompiledCuda first = cache.compile("src", "k", CudaTarget.ptx("sm_90"));
    CompiledCuda second = cache.compile("src", "k", CudaTarget.ptx("sm_90"));
    assertFalse(first.fromCache());
    assertTrue(second.fromCache());
    assertArrayEquals(first.bytes(), second.bytes());
    assertEquals("log of k", second.log());
    assertEquals(first, second.withFromCache(false));
    assertEquals(1, fake.calls);
    assertEquals(1, cache.invocations());
    assertEquals(1, cache.hits());
    assertTrue(CachingCudaCompiler.totalInvocations() >= totalBefore + 1);
  }

  @Test
  void aNewInstanceOnTheSameDirectoryHits() {
    new CachingCudaCompiler(new FakeCompiler(), tmp).compile("src", "k", CudaTarget.ptx("sm_90"));
    FakeCompiler fake = new FakeCompiler();
    CachingCudaCompiler again = new CachingCudaCompiler(fake, tmp);
    assertTrue(again.compile("src", "k", CudaTarget.ptx("sm_90")).fromCache());
    assertEquals(0, fake.calls);
    assertEquals(0, again.invocations());
  }

  @Test
  void everyKeyPartMatters() {
    CudaTarget t = CudaTarget.ptx("sm_90");
    String base = CachingCudaCompiler.key("src", "k", t, "nvcc", "13.0");
    Set<String> variants = Stream.of(
            CachingCudaCompiler.key("src2", "k", t, "nvcc", "13.0"),
            CachingCudaCompiler.key("src", "k2", t, "nvcc", "13.0"),
            CachingCudaCompiler.key("src", "k", CudaTarget.ptx("sm_80"), "nvcc", "13.0"),
            CachingCudaCompiler.key("src", "k", CudaTarget.cubin("sm_90"), "nvcc", "13.0"),
            CachingCudaCompiler.key("src", "k", t.withOptions("-lineinfo"), "nvcc", "13.0"),
            CachingCudaCompiler.key("src", "k", t, "nvrtc", "13.0"),
            CachingCudaCompiler.key("src", "k", t, "nvcc", "13.1"))
        .collect(Collectors.toSet());
    assertEquals(7, variants.size());
    assertFalse(variants.contains(base));
    // Option boundaries are part of the key: ["-a", "b"] differs from ["-a b"].
    assertNotEquals(
        CachingCudaCompiler.key("s", "k", t.withOptions("-a", "b"), "nvcc", "1"),
        CachingCudaCompiler.key("s", "k", t.withOptions("-a\u0000b"), "nvcc", "1"));
  }

  @Test
  void aNewCompilerVersionMisses() {
    FakeCompiler fake = new FakeCompiler();
    CachingCudaCompiler cache = new CachingCudaCompiler(fake, tmp);
    cache.compile("src", "k", CudaTarget.ptx("sm_90"));
    fake.version = "2.0";
    assertFalse(cache.compile("src", "k", CudaTarget.ptx("sm_90")).fromCache());
    assertEquals(2, fake.calls);
  }

  @Test
  void failuresAreNotCached() {
    FakeCompiler fake = new FakeCompiler();
    CachingCudaCompiler cache = new CachingCudaCompiler(fake, tmp);
    assertThrows(CudaCompileException.class,
        () -> cache.compile("error", "k", CudaTarget.ptx("sm_90")));
    assertThrows(CudaCompileException.class,
        () -> cache.compile("error", "k", CudaTarget.ptx("sm_90")));
    assertEquals(2, fake.calls);
  }

  @Test
  void entriesAreWholeFilesWithNoTemporariesLeft() throws Exception {
    CachingCudaCompiler cache = new CachingCudaCompiler(new FakeCompiler(), tmp);
    cache.compile("src", "k", CudaTarget.cubin("sm_90"));
    String key = CachingCudaCompiler.key("src", "k", CudaTarget.cubin("sm_90"), "fake", "1.0");
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(Set.of(key + ".cubin", key + ".cubin.log"),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
  }

  @Test
  void anUnwritableCacheStillCompiles() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
    CachingCudaCompiler cache = new CachingCudaCompiler(new FakeCompiler(), file);
    assertFalse(cache.compile("src", "k", CudaTarget.ptx("sm_90")).fromCache());
    assertEquals(1, cache.writeFailures());
  }
}
