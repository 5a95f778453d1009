package dev.kgen.runtime.jvm;

import static dev.kgen.ir.DType.F32;

import dev.kgen.codegen.jvm.JavaCodegenOptions;
import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.runtime.cache.DiskCache;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DSL names that are Java keywords or names the generated code uses itself still compile and run. */
class JvmNamingTest {
  static final KernelDef CLASHING = KernelDef.builder("names")
      .constexprInt("BLOCK")
      .body(k -> {
        Tile out = k.pointer("tiles", F32);
        Tile in = k.pointer("args", F32);
        Tile n = k.scalar("i0", DType.I32);
        Tile offs = k.arange(0, k.constInt("BLOCK")).as("int");
        Tile mask = offs.lt(n).as("off");
        Tile x = k.load(in.add(offs), mask, 0.0).as("Math");
        Tile y = x.mul(x).as("pid0").add(x.sum(0).as("k")).as("aik");
        k.store(out.add(offs), y.exp().as("i").add(1.0).as("Float"), mask);
      })
      .build();

  @Test
  void clashingNamesCompileAndMatchTheInterpreter(@TempDir Path dir) {
    Kernel k = CLASHING.specialize(Map.of("BLOCK", 32));
    JvmKernel jvm = JvmKernel.compile(k, JavaCodegenOptions.defaults(), new JvmCompiler(new DiskCache(dir)));
    long seed = System.nanoTime();
    Random r = new Random(seed);
    InterpreterParity.assertSameResults(k, jvm, new int[] {1},
        List.of(Buffers.poisoned(F32, 32), Buffers.gaussian(F32, 32, 1, r), 29), JvmLaunchOptions.defaults(), "seed " + seed);
  }
}
