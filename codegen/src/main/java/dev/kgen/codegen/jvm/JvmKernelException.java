package dev.kgen.codegen.jvm;

import dev.kgen.errors.KgenUserException;

/**
 * A kernel compiled by the JVM backend did something its arguments do not allow at run time:
 * read or wrote out of bounds, or went through a pointer that was passed as null. The message
 * has the interpreter's wording, so both backends report a bad offset the same way.
 */
public final class JvmKernelException extends KgenUserException {
  public JvmKernelException(String message) {
    super(message);
  }
}
