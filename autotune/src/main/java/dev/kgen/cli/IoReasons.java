package dev.kgen.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Why a file could not be read, in a few words for a one-line error: the JDK's file exceptions
 * carry only the path as their message, and Jackson's carry a source excerpt after the first line.
 */
final class IoReasons {
  private IoReasons() {}

  static String of(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    if (e instanceof JsonProcessingException j) {
      return "not valid JSON (" + j.getOriginalMessage().lines().findFirst().orElse("") + ")";
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
  }
}
