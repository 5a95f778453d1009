package dev.kgen.interp;

import dev.kgen.errors.KgenUserException;

/** A kernel did something the interpreter refuses: read or wrote out of bounds, bad arguments. */
public final class InterpreterException extends KgenUserException {
  InterpreterException(String message) {
    super(message);
  }
}
