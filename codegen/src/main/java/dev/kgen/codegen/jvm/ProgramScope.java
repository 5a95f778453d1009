package dev.kgen.codegen.jvm;

import com.palantir.javapoet.TypeName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scalars a program has declared so far (its parameters, program ids, buffer lengths and
 * scalar locals), in declaration order, with their Java types: what a loop nest moved into a
 * method of its own may need passed in. Tile arrays are not scalars; nests reach them through
 * the {@code Tiles} object.
 */
final class ProgramScope {
  private final Map<String, TypeName> scalars = new LinkedHashMap<>();

  void declare(String name, TypeName type) {
    scalars.putIfAbsent(name, type);
  }

  /** Every declared scalar, oldest first. */
  Map<String, TypeName> scalars() {
    return Collections.unmodifiableMap(scalars);
  }
}
