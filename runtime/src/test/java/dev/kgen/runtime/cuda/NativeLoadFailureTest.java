package dev.kgen.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NativeLoadFailureTest {
  @Test
  void picksTheNestedLineThatNamesTheMissingLibrary() {
    String jcuda = """
        Error while loading native library "JCudaDriver-12.6.0-linux-x86_64"
        Operating system name: Linux
        ---(start of nested stack traces)---
        Stack trace from the attempt to load the library as a file:
        java.lang.UnsatisfiedLinkError: no JCudaDriver-12.6.0-linux-x86_64 in java.library.path
        \tat java.base/java.lang.ClassLoader.loadLibrary(ClassLoader.java:2434)
        Stack trace from the attempt to load the library as a resource:
        java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver.so: libcuda.so.1: cannot open shared object file: No such file or directory
        \tat java.base/jdk.internal.loader.NativeLibraries.load(Native Method)
        ---(end of nested stack traces)---
        """;
    assertEquals("UnsatisfiedLinkError: /tmp/libJCudaDriver.so: libcuda.so.1: cannot open shared"
        + " object file: No such file or directory",
        NativeLoadFailure.describe(new UnsatisfiedLinkError(jcuda)));
  }

  @Test
  void otherwiseTheFirstLine() {
    assertEquals("NoClassDefFoundError: Could not initialize class jcuda.nvrtc.JNvrtc",
        NativeLoadFailure.describe(new NoClassDefFoundError(
            "Could not initialize class jcuda.nvrtc.JNvrtc\nmore")));
  }
}
