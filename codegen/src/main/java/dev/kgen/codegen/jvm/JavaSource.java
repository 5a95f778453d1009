package dev.kgen.codegen.jvm;

import java.util.Objects;

/**
 * One generated compilation unit: a final class named after the kernel and its IR hash, with
 * the static entry points {@code runProgram} and {@code runPrograms}.
 *
 * @param packageName always {@link JavaEmitter#PACKAGE}
 * @param simpleName e.g. {@code PagedAttentionDecode_3f2a9c01b7de}
 * @param text the Java source
 * @param kernelName the DSL kernel's name, for messages
 * @param emitterVersion {@link JavaEmitter#VERSION} of the emitter that wrote it
 */
public record JavaSource(String packageName, String simpleName, String text, String kernelName, String emitterVersion) {
  public JavaSource {
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(simpleName, "simpleName");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(kernelName, "kernelName");
    Objects.requireNonNull(emitterVersion, "emitterVersion");
  }

  /** The binary name to load, e.g. {@code dev.kgen.generated.PagedAttentionDecode_3f2a9c01b7de}. */
  public String qualifiedName() {
    return packageName + "." + simpleName;
  }
}
