package dev.kgen.runtime.cuda;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Picks a CUDA compiler for this machine. */
public final class CudaCompilers {
  private CudaCompilers() {}

  /**
   * NVRTC when JCuda's binding loads, else nvcc.
   *
   * @throws CudaToolkitNotFoundException saying why NVRTC did not load, where nvcc was looked
   *     for and how to point kgen at a CUDA toolkit
   */
  public static CudaCompiler best() {
    if (NvrtcCompiler.isAvailable()) {
      return NvrtcCompiler.create();
    }
    return nvccOrExplain(System.getenv(), NvrtcCompiler.unavailableReason().orElse("unknown"));
  }

  /** {@link #best()} behind the disk cache in {@code CacheDirectory.of("cuda")}. */
  public static CachingCudaCompiler cached() {
    return new CachingCudaCompiler(best());
  }

  /** {@link #best()} behind a disk cache in {@code directory}. */
  public static CachingCudaCompiler cached(Path directory) {
    return new CachingCudaCompiler(best(), directory);
  }

  /** The nvcc half of {@link #best()}, for an explicit environment. */
  static CudaCompiler nvccOrExplain(Map<String, String> env, String nvrtcReason) {
    Optional<NvccCompiler> nvcc = NvccCompiler.find(env);
    if (nvcc.isPresent()) {
      return nvcc.get();
    }
    String searched = NvccLocator.candidates(env).stream()
        .map(Path::toString)
        .collect(Collectors.joining(", "));
    throw new CudaToolkitNotFoundException(
        "no CUDA compiler found: NVRTC did not load (" + nvrtcReason + ") and nvcc is not in "
            + "$" + NvccLocator.KGEN_NVCC + ", $PATH, $" + NvccLocator.CUDA_HOME
            + "/bin or /usr/local/cuda/bin (looked at: " + searched + "); install the CUDA "
            + "toolkit and set " + NvccLocator.KGEN_NVCC + "=/path/to/nvcc or "
            + NvccLocator.CUDA_HOME + "=/path/to/cuda");
  }
}
