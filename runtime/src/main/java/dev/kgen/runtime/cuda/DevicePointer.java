package dev.kgen.runtime.cuda;

import jcuda.driver.CUdeviceptr;

/** A {@link CUdeviceptr} that can tell its raw address, which JCuda keeps protected. */
final class DevicePointer extends CUdeviceptr {
  long address() {
    return getNativePointer();
  }
}
