package dev.kgen.runtime.cuda;

/** Neither NVRTC nor nvcc could be found; the message says where kgen looked and the fix. */
public final class CudaToolkitNotFoundException extends RuntimeException {
  CudaToolkitNotFoundException(String message) {
    super(message);
  }
}
