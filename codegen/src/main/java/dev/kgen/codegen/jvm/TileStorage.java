package dev.kgen.codegen.jvm;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The arrays a program needs, one per materialized tile (and accumulator), gathered while the
 * body is emitted. They become the fields of a nested {@code Tiles} class that each worker
 * thread allocates once per launch and reuses for every program it runs, and locals aliasing
 * those fields at the top of each method that uses them, so no tile is allocated inside a loop.
 */
final class TileStorage {
  static final String CLASS = "Tiles";
  static final String INSTANCE = "tiles";

  private record Array(String name, JavaType type, int length) {}

  private final List<Array> arrays = new ArrayList<>();

  /** Registers an array and returns its name. */
  String array(String name, JavaType type, int length) {
    arrays.add(new Array(name, type, length));
    return name;
  }

  boolean isEmpty() {
    return arrays.isEmpty();
  }

  /** The nested class holding every array. */
  TypeSpec tilesClass() {
    TypeSpec.Builder t = TypeSpec.classBuilder(CLASS)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The tile arrays of one program, allocated once per worker and launch and reused by each program it runs.\n");
    for (Array a : arrays) {
      t.addField(FieldSpec.builder(a.type().arrayTypeName(), a.name(), Modifier.FINAL)
          .initializer("new $T[$L]", a.type().typeName(), a.length())
          .build());
    }
    return t.build();
  }

  /** {@code float[] acc = tiles.acc;} for every array {@code code} names, so it reads locals. */
  CodeBlock aliases(Set<String> named) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (Array a : arrays) {
      if (named.contains(a.name())) {
        b.addStatement("$T $L = $L.$L", a.type().arrayTypeName(), a.name(), INSTANCE, a.name());
      }
    }
    return b.build();
  }
}
