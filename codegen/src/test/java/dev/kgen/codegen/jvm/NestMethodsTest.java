package dev.kgen.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link NestMethods}: which names a nest needs, and the method and call it becomes. */
class NestMethodsTest {
  private static final ClassName TILES = ClassName.get("dev.kgen.generated", "K", "Tiles");

  @Test
  void identifiersLeaveOutStringsMembersAndNumberSuffixes() {
    CodeBlock code = CodeBlock.of("x[i] = tiles.Q + 1.0E-10F + 2L + n; throw f(\"seq_len\", Float.NaN);\n");
    assertEquals(Set.of("x", "i", "tiles", "n", "throw", "f", "Float"), NestMethods.identifiers(code));
  }

  @Test
  void aNestReadsTheScalarsItNamesInDeclarationOrderAndItsArraysThroughTiles() {
    TileStorage storage = new TileStorage();
    storage.array("acc", JavaType.FLOAT, 16);
    storage.array("unused", JavaType.INT, 4);
    ProgramScope scope = new ProgramScope();
    scope.declare("pid0", TypeName.INT);
    scope.declare("scale", TypeName.FLOAT);
    scope.declare("n", TypeName.LONG);
    NestMethods nests = new NestMethods(TILES, storage, Set.of("program"));
    CodeBlock call = nests.call("compute_acc", CodeBlock.builder()
        .beginControlFlow("for (int i0 = 0; i0 < 16; i0++)")
        .addStatement("acc[i0] = n + scale")
        .endControlFlow().build(), scope);
    assertEquals("compute_acc(tiles, scale, n);\n", call.toString());
    MethodSpec m = nests.methods().get(0);
    assertEquals("private static void compute_acc(dev.kgen.generated.K.Tiles tiles, float scale, long n) {\n"
        + "  float[] acc = tiles.acc;\n"
        + "  for (int i0 = 0; i0 < 16; i0++) {\n"
        + "    acc[i0] = n + scale;\n"
        + "  }\n"
        + "}\n", m.toString());
  }

  @Test
  void methodNamesAreUniqueAndAvoidTheReservedOnes() {
    NestMethods nests = new NestMethods(TILES, new TileStorage(), Set.of("program"));
    CodeBlock body = CodeBlock.of("");
    ProgramScope scope = new ProgramScope();
    assertEquals("program_1();\n", nests.call("program", body, scope).toString());
    assertEquals("load_x();\n", nests.call("load_x", body, scope).toString());
    assertEquals("load_x_1();\n", nests.call("load_x", body, scope).toString());
    assertTrue(nests.methods().stream().allMatch(m -> m.parameters().isEmpty()));
  }
}
