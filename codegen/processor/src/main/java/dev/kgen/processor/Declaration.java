package dev.kgen.processor;

import java.util.List;

/**
 * One {@code @KgenKernel} as declared on an element: the kernel reference, the launcher's
 * package and simple name ("" for the default), the specializations, and the qualified name of
 * the declaring element for generated comments.
 */
record Declaration(String kernel, String packageName, String launcher, List<SpecializationRequest> specializations,
    String declaredOn) {
  Declaration {
    specializations = List.copyOf(specializations);
  }

  /** How error messages name this declaration. */
  String where() {
    return "@KgenKernel(kernel = \"" + kernel + "\") on " + declaredOn;
  }
}
