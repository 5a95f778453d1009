package dev.kgen.processor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Java names for what the kernel names in C style: parameters in lower camel case without a
 * {@code _ptr} suffix ({@code key_cache_ptr} becomes {@code keyCache}, {@code stride_k_cache_0}
 * {@code strideKCache0}), classes in upper camel case, constants in upper snake case.
 */
final class JavaNames {
  private JavaNames() {}

  private static List<String> words(String cName) {
    List<String> out = new ArrayList<>();
    for (String w : cName.split("[^A-Za-z0-9]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  private static String capitalized(String w) {
    return w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1).toLowerCase(Locale.ROOT);
  }

  private static String camel(List<String> words) {
    StringBuilder sb = new StringBuilder(words.get(0).toLowerCase(Locale.ROOT));
    for (int i = 1; i < words.size(); i++) {
      sb.append(capitalized(words.get(i)));
    }
    return sb.toString();
  }

  /** {@code row_softmax} gives {@code RowSoftmax}. */
  static String upperCamel(String cName) {
    StringBuilder sb = new StringBuilder();
    for (String w : words(cName)) {
      sb.append(capitalized(w));
    }
    if (sb.length() == 0 || !Character.isJavaIdentifierStart(sb.charAt(0))) {
      sb.insert(0, "Kernel");
    }
    return sb.toString();
  }

  /** {@code bf16Wide} gives {@code BF16_WIDE}. */
  static String constant(String javaName) {
    return javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  /**
   * Parameter names for the kernel's parameter names, in order: unique, valid, and none equal
   * to a name in {@code taken}. The {@code _ptr} suffix of a pointer is dropped unless the
   * shorter name is taken.
   */
  static List<String> parameters(List<String> cNames, List<Boolean> pointers, Set<String> taken) {
    Set<String> used = new HashSet<>(taken);
    List<String> out = new ArrayList<>();
    List<String> preferred = new ArrayList<>();
    for (int i = 0; i < cNames.size(); i++) {
      List<String> w = words(cNames.get(i));
      if (w.isEmpty()) {
        w = List.of("arg" + i);
      }
      boolean strip = pointers.get(i) && w.size() > 1 && w.get(w.size() - 1).equalsIgnoreCase("ptr");
      preferred.add(strip ? camel(w.subList(0, w.size() - 1)) : camel(w));
    }
    for (int i = 0; i < cNames.size(); i++) {
      String name = legal(preferred.get(i));
      if (used.contains(name) || preferred.subList(i + 1, preferred.size()).contains(preferred.get(i))) {
        name = legal(camel(words(cNames.get(i)).isEmpty() ? List.of("arg" + i) : words(cNames.get(i))));
      }
      if (used.contains(name)) {
        name = name + "Arg";
      }
      String base = name;
      for (int n = 2; used.contains(name); n++) {
        name = base + n;
      }
      used.add(name);
      out.add(name);
    }
    return out;
  }

  private static String legal(String name) {
    if (!Character.isJavaIdentifierStart(name.charAt(0))) {
      name = "p" + name;
    }
    return SourceVersion.isKeyword(name) ? name + "_" : name;
  }
}
