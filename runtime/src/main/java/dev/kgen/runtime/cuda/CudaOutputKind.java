package dev.kgen.runtime.cuda;

/** What a CUDA compiler produces: PTX text the driver JIT-compiles, or a finished cubin. */
public enum CudaOutputKind {
  PTX(".ptx", "--ptx"),
  CUBIN(".cubin", "--cubin");

  private final String suffix;
  private final String nvccFlag;

  CudaOutputKind(String suffix, String nvccFlag) {
    this.suffix = suffix;
    this.nvccFlag = nvccFlag;
  }

  /** The file suffix, e.g. {@code .ptx}; also the disk cache entry suffix. */
  public String suffix() {
    return suffix;
  }

  /** The nvcc flag that selects this output. */
  public String nvccFlag() {
    return nvccFlag;
  }
}
