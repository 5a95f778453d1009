package dev.kgen.runtime.cuda;

import jcuda.driver.CUfunction;

/**
 * A kernel of a loaded module, with the attributes the driver reports for it. Valid while its
 * module is open.
 */
public final class CudaFunction {
  private final CudaModule module;
  private final String name;
  private final CUfunction function;
  private final int registers;
  private final int staticSharedBytes;
  private final int localBytes;
  private final int maxThreadsPerBlock;
  /** The dynamic shared memory limit last set on the driver; 48 KiB needs no opt-in. */
  private int dynamicSharedLimit;

  CudaFunction(CudaModule module, String name, CUfunction function, int registers,
      int staticSharedBytes, int localBytes, int maxThreadsPerBlock, int defaultSharedLimit) {
    this.module = module;
    this.name = name;
    this.function = function;
    this.registers = registers;
    this.staticSharedBytes = staticSharedBytes;
    this.localBytes = localBytes;
    this.maxThreadsPerBlock = maxThreadsPerBlock;
    this.dynamicSharedLimit = defaultSharedLimit;
  }

  public String name() {
    return name;
  }

  public CudaModule module() {
    return module;
  }

  /** Registers per thread. */
  public int registers() {
    return registers;
  }

  /** Statically declared shared memory per block. */
  public int staticSharedBytes() {
    return staticSharedBytes;
  }

  /** Local memory per thread; non-zero usually means register spills. */
  public int localBytes() {
    return localBytes;
  }

  /** The largest block this kernel can launch with, given its register use. */
  public int maxThreadsPerBlock() {
    return maxThreadsPerBlock;
  }

  CUfunction handle(String use) {
    module.handle(use);
    return function;
  }

  int dynamicSharedLimit() {
    return dynamicSharedLimit;
  }

  void dynamicSharedLimit(int bytes) {
    dynamicSharedLimit = bytes;
  }

  @Override
  public String toString() {
    return "CudaFunction[" + name + ", " + registers + " regs, " + staticSharedBytes
        + " B static smem, " + localBytes + " B local, max " + maxThreadsPerBlock + " threads]";
  }
}
