package dev.kgen.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The backend a command runs kernels on, as typed after {@code --backend}. */
public enum BackendChoice {
  CUDA("cuda"),
  OPENCL("opencl"),
  JVM("jvm"),
  /** The IR interpreter: slow, but the semantic oracle. */
  INTERPRETER("interpreter"),
  /** The first of CUDA, OpenCL and the JVM that has a device here. */
  AUTO("auto");

  private final String cliName;

  BackendChoice(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static List<String> cliNames() {
    return Arrays.stream(values()).map(BackendChoice::cliName).toList();
  }

  /** The backend named {@code cuda}, {@code opencl}, {@code jvm} or {@code auto}. */
  public static BackendChoice parse(String name) {
    for (BackendChoice b : values()) {
      if (b.cliName.equals(name)) {
        return b;
      }
    }
    throw new IllegalArgumentException(
        "unknown backend '" + name + "'; expected one of " + String.join(", ", cliNames()));
  }

  @Override
  public String toString() {
    return cliName;
  }

  /** Lets picocli read {@code --backend}. */
  static final class Converter implements ITypeConverter<BackendChoice> {
    @Override
    public BackendChoice convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** The names shown in help and offered by shell completion. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return cliNames().iterator();
    }
  }
}
