package dev.kgen.launch;

import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;
import jcuda.nvrtc.nvrtcResult;

/** Compiles a specialization's {@code .cu} resource to PTX with NVRTC, through JCuda. */
final class NvrtcCompiler {
  private NvrtcCompiler() {}

  static String ptx(KernelSource k, String computeArch) {
    String source = k.require("cu");
    String[] options = {"--gpu-architecture=" + computeArch, "--std=c++17"};
    nvrtcProgram program = new nvrtcProgram();
    try {
      JNvrtc.setExceptionsEnabled(false);
      check(JNvrtc.nvrtcCreateProgram(program, source, k.resourcePath("cu"), 0, null, null), "nvrtcCreateProgram", k);
    } catch (LinkageError e) {
      throw new LaunchException(k + ": NVRTC did not load (" + e.getMessage() + "); install the CUDA toolkit's NVRTC"
          + " (libnvrtc.so.12) or ship precompiled PTX as " + k.resourcePath("ptx"), e);
    }
    try {
      int r = JNvrtc.nvrtcCompileProgram(program, options.length, options);
      if (r != nvrtcResult.NVRTC_SUCCESS) {
        String[] log = new String[1];
        JNvrtc.nvrtcGetProgramLog(program, log);
        throw new LaunchException("NVRTC rejected " + k.resourcePath("cu") + " for " + computeArch + " ("
            + nvrtcResult.stringFor(r) + "); log:\n" + log[0]);
      }
      String[] ptx = new String[1];
      check(JNvrtc.nvrtcGetPTX(program, ptx), "nvrtcGetPTX", k);
      return ptx[0];
    } finally {
      JNvrtc.nvrtcDestroyProgram(program);
    }
  }

  private static void check(int result, String call, KernelSource k) {
    if (result != nvrtcResult.NVRTC_SUCCESS) {
      throw new LaunchException(call + " failed with " + nvrtcResult.stringFor(result) + " for " + k);
    }
  }
}
