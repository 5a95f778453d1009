package dev.kgen.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelSourceTest {
  static final String HASH = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @Test
  void resourcesAreNamedByKernelAndHashPrefix() {
    KernelSource k = KernelSource.builder(KernelSourceTest.class, "add_scaled").hash(HASH)
        .threadsPerProgram(64).parameterCount(4).build();
    assertEquals("META-INF/kgen/add_scaled/0123456789abcdef.cl", k.resourcePath("cl"));
    assertEquals("add_scaled@0123456789abcdef", k.toString());
    assertEquals("add_scaled", k.entryName());
    assertTrue(k.read("cl").orElseThrow().contains("__kernel"));
    assertTrue(k.read("cu").isEmpty());
  }

  @Test
  void aMissingResourceSaysWhereItWasLookedFor() {
    KernelSource k = KernelSource.builder(KernelSourceTest.class, "add_scaled").hash(HASH).build();
    LaunchException e = assertThrows(LaunchException.class, () -> k.require("cu"));
    assertEquals("add_scaled@0123456789abcdef: resource META-INF/kgen/add_scaled/0123456789abcdef.cu is not on the class path"
        + " of dev.kgen.launch.KernelSourceTest; kgen-processor writes it next to the launcher at build time: ship the"
        + " classes output (or jar) the launcher was compiled into, resources included", e.getMessage());
  }

  @Test
  void badFactsAreRefused() {
    assertEquals("hash 'abc' must be 64 lower-case hex digits (the IR's SHA-256)",
        assertThrows(IllegalArgumentException.class,
            () -> KernelSource.builder(KernelSourceTest.class, "k").hash("abc").build()).getMessage().substring("kernel k: ".length()));
    assertEquals("kernel k: threadsPerProgram 96 must be a power of two",
        assertThrows(IllegalArgumentException.class,
            () -> KernelSource.builder(KernelSourceTest.class, "k").hash(HASH).threadsPerProgram(96).build()).getMessage());
    assertEquals("entryName 'a-b' must be a C identifier",
        assertThrows(IllegalArgumentException.class,
            () -> KernelSource.builder(KernelSourceTest.class, "k").hash(HASH).entryName("a-b").build()).getMessage());
  }
}
