package dev.kgen.codegen.jvm;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;

/**
 * Moves a program's loop nests into private static methods of their own, one per nest, and
 * leaves a call in their place. The nest reads the scalars it names as parameters (in the
 * order the program declared them) and the tile arrays it names through the {@code Tiles}
 * object.
 *
 * <p>Why: HotSpot compiles small methods early and fast. One method holding every loop of a
 * kernel took C2 about a second per compilation on a 2-core machine (several, with on-stack
 * replacement), and ran in slower tiers for a hundred launches meanwhile; a nest of one loop
 * is compiled after a few launches in milliseconds.
 *
 * <p>A nest may only assign array elements and locals it declares itself: the scalars it reads
 * arrive by value.
 */
final class NestMethods {
  private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  /** A name not part of a number ({@code 1.0E-10F}) or a member access ({@code tiles.Q}). */
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.])[A-Za-z_$][\\w$]*");

  private final ClassName tilesClass;
  private final TileStorage storage;
  private final List<MethodSpec> methods = new ArrayList<>();
  private final Set<String> taken = new HashSet<>();

  NestMethods(ClassName tilesClass, TileStorage storage, Set<String> reservedMethodNames) {
    this.tilesClass = tilesClass;
    this.storage = storage;
    this.taken.addAll(reservedMethodNames);
  }

  /** Defines a method running {@code nest} and returns the statement that calls it. */
  CodeBlock call(String suggestion, CodeBlock nest, ProgramScope scope) {
    Set<String> named = identifiers(nest);
    String name = unique(suggestion);
    MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC);
    List<String> arguments = new ArrayList<>();
    CodeBlock aliases = storage.aliases(named);
    if (!aliases.isEmpty()) {
      m.addParameter(tilesClass, TileStorage.INSTANCE);
      arguments.add(TileStorage.INSTANCE);
    }
    for (Map.Entry<String, TypeName> s : scope.scalars().entrySet()) {
      if (named.contains(s.getKey())) {
        m.addParameter(s.getValue(), s.getKey());
        arguments.add(s.getKey());
      }
    }
    methods.add(m.addCode(aliases).addCode(nest).build());
    return CodeBlock.builder().addStatement("$L($L)", name, String.join(", ", arguments)).build();
  }

  List<MethodSpec> methods() {
    return List.copyOf(methods);
  }

  /** The identifiers a block of code names outside string literals, members and numbers. */
  static Set<String> identifiers(CodeBlock code) {
    String text = STRING_LITERAL.matcher(code.toString()).replaceAll("\"\"");
    Set<String> out = new HashSet<>();
    Matcher m = IDENTIFIER.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private String unique(String suggestion) {
    String base = suggestion.replaceAll("[^A-Za-z0-9_]", "_");
    String n = base;
    for (int i = 1; !taken.add(n); i++) {
      n = base + "_" + i;
    }
    return n;
  }
}
