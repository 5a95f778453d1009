package dev.kgen.dsl;

import dev.kgen.errors.KgenUserException;

/** A misuse of the DSL, reported when the offending op is built, naming the kernel line. */
public final class DslException extends KgenUserException {
  DslException(String message) {
    super(message + SourceLocation.suffix());
  }
}
