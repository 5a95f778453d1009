package dev.kgen.processor;

/**
 * A mistake in a {@code @KgenKernel} declaration: the processor reports its message as a
 * compile error on the annotation, and the build fails. The message names the declaration,
 * what was wrong and what was expected.
 */
final class DeclarationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DeclarationException(String message) {
    super(message);
  }

  DeclarationException(String message, Throwable cause) {
    super(message, cause);
  }
}
