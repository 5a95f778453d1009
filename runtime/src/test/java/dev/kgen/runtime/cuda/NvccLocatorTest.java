package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvccLocatorTest {
  @TempDir Path tmp;

  private Path fakeNvcc(String dir, boolean executable) throws IOException {
    Path d = Files.createDirectories(tmp.resolve(dir));
    Path nvcc = d.resolve("nvcc");
    Files.writeString(nvcc, "#!/bin/sh\n");
    nvcc.toFile().setExecutable(executable);
    return nvcc;
  }

  @Test
  void explicitVariableWinsOverPath() throws IOException {
    Path explicit = fakeNvcc("explicit", true);
    Path onPath = fakeNvcc("onpath", true);
    Map<String, String> env = Map.of(
        "KGEN_NVCC", explicit.toString(), "PATH", onPath.getParent().toString());
    assertEquals(Optional.of(explicit), NvccLocator.find(env));
  }

  @Test
  void pathInOrderThenCudaHome() throws IOException {
    Path first = fakeNvcc("a", true);
    Path second = fakeNvcc("b", true);
    Path home = fakeNvcc("cuda/bin", true);
    String path = tmp.resolve("empty") + File.pathSeparator + first.getParent()
        + File.pathSeparator + second.getParent();
    assertEquals(Optional.of(first), NvccLocator.find(Map.of("PATH", path, "CUDA_HOME",
        home.getParent().getParent().toString())));
    assertEquals(Optional.of(home), NvccLocator.find(Map.of("PATH", tmp.resolve("empty")
        .toString(), "CUDA_HOME", home.getParent().getParent().toString())));
  }

  @Test
  void skipsFilesThatAreNotExecutable() throws IOException {
    Path notExecutable = fakeNvcc("noexec", false);
    Path good = fakeNvcc("good", true);
    String path = notExecutable.getParent() + File.pathSeparator + good.getParent();
    assertEquals(Optional.of(good), NvccLocator.find(Map.of("PATH", path)));
  }

  @Test
  void candidatesListEverySourceAndEndWithTheDefault() {
    var candidates = NvccLocator.candidates(
        Map.of("KGEN_NVCC", "/x/nvcc", "PATH", "/p1" + File.pathSeparator + "/p2",
            "CUDA_HOME", "/cuda"));
    assertEquals(
        java.util.List.of(Path.of("/x/nvcc"), Path.of("/p1/nvcc"), Path.of("/p2/nvcc"),
            Path.of("/cuda/bin/nvcc"), Path.of("/usr/local/cuda/bin/nvcc")),
        candidates);
    assertTrue(NvccLocator.candidates(Map.of()).contains(Path.of("/usr/local/cuda/bin/nvcc")));
  }
}
