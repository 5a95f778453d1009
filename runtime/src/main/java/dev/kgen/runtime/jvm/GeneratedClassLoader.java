package dev.kgen.runtime.jvm;

import dev.kgen.codegen.jvm.JvmIntrinsics;

/**
 * Defines the classes of one generated kernel. Each kernel gets its own loader, so two
 * specializations never clash and a kernel's classes can be collected with it; the parent is
 * the loader that sees {@link JvmIntrinsics}, the only kgen class generated code uses.
 */
final class GeneratedClassLoader extends ClassLoader {
  private final ClassBundle bundle;

  GeneratedClassLoader(ClassBundle bundle) {
    super("kgen-jvm", JvmIntrinsics.class.getClassLoader());
    this.bundle = bundle;
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] b = bundle.classes().get(name);
    if (b == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, b, 0, b.length);
  }
}
