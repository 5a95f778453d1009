package dev.kgen.runtime.jvm;

import dev.kgen.errors.KgenUserException;

/** The JVM backend must compile a kernel but this Java runtime has no compiler (javax.tools). */
public final class JvmCompilerUnavailableException extends KgenUserException {
  JvmCompilerUnavailableException(String message) {
    super(message);
  }
}
