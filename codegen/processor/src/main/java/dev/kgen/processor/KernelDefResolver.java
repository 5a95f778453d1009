package dev.kgen.processor;

import dev.kgen.dsl.KernelDef;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@link KernelDef} a declaration names, {@code "pkg.Class.FIELD"} (a nested class
 * as {@code "pkg.Outer.Inner.FIELD"}), among the classes on the annotation processor path: the
 * kernel runs at build time, so it is loaded, never compiled from the consumer's sources.
 */
final class KernelDefResolver {
  private final ClassLoader loader;

  KernelDefResolver(ClassLoader loader) {
    this.loader = loader;
  }

  /** The kernel {@code reference} names; {@code where} names the declaration in error messages. */
  KernelDef resolve(String reference, String where) {
    int dot = reference == null ? -1 : reference.lastIndexOf('.');
    if (dot <= 0 || dot == reference.length() - 1) {
      throw new DeclarationException(where + ": kernel must be the fully qualified name of a static KernelDef field,"
          + " e.g. \"dev.kgen.kernels.norm.SoftmaxKernel.DEF\"");
    }
    String className = reference.substring(0, dot);
    String fieldName = reference.substring(dot + 1);
    Class<?> owner = load(where, className);
    Field field;
    try {
      field = owner.getField(fieldName);
    } catch (NoSuchFieldException e) {
      throw new DeclarationException(where + ": " + owner.getName() + " has no public field " + fieldName
          + "; its public static KernelDef fields are " + kernelFields(owner));
    }
    if (!Modifier.isStatic(field.getModifiers()) || !KernelDef.class.isAssignableFrom(field.getType())) {
      throw new DeclarationException(where + ": " + owner.getName() + "." + fieldName + " is not a static KernelDef"
          + " field (it is a " + (Modifier.isStatic(field.getModifiers()) ? "static " : "") + field.getType().getSimpleName()
          + "); name one of " + kernelFields(owner));
    }
    try {
      KernelDef def = (KernelDef) field.get(null);
      if (def == null) {
        throw new DeclarationException(where + ": " + owner.getName() + "." + fieldName + " is null when the class is loaded");
      }
      return def;
    } catch (IllegalAccessException e) {
      throw new DeclarationException(where + ": " + owner.getName() + "." + fieldName + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** The class, trying {@code a.b.C.D} as the nested class {@code a.b.C$D} when it is not top-level. */
  private Class<?> load(String where, String className) {
    String candidate = className;
    while (true) {
      try {
        return Class.forName(candidate, true, loader);
      } catch (ClassNotFoundException e) {
        int dot = candidate.lastIndexOf('.');
        if (dot < 0) {
          break;
        }
        candidate = candidate.substring(0, dot) + "$" + candidate.substring(dot + 1);
      } catch (LinkageError e) {
        throw new DeclarationException(where + ": loading " + candidate + " failed: " + e, e);
      }
    }
    throw new DeclarationException(where + ": class " + className + " is not on the annotation processor path; add the"
        + " artifact that holds it next to kgen-processor in the maven-compiler-plugin's annotationProcessorPaths"
        + " (a kernel runs at build time, so it cannot come from the sources being compiled)");
  }

  private static String kernelFields(Class<?> owner) {
    List<String> names = new ArrayList<>();
    for (Field f : owner.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && KernelDef.class.isAssignableFrom(f.getType())) {
        names.add(f.getName());
      }
    }
    return names.isEmpty() ? "none" : String.join(", ", names);
  }
}
