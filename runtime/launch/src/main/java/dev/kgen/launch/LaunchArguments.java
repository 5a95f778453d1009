package dev.kgen.launch;

/**
 * The argument checks generated launchers make before a launch, so every launcher fails the
 * same way: naming the method, the parameter, what it got and what it needs.
 */
public final class LaunchArguments {
  private LaunchArguments() {}

  /** The grid, or a NullPointerException naming the method. */
  public static Grid grid(Grid grid, String method) {
    if (grid == null) {
      throw new NullPointerException(method + ": grid is null; pass the programs to launch, e.g. Grid.of(rows)");
    }
    return grid;
  }

  /**
   * The buffer, after checking it is not null, not closed, on {@code device} and large enough
   * for one element of {@code type}.
   *
   * @param method e.g. {@code RowSoftmaxLauncher.bf16Wide}
   * @param param the kernel's parameter name, e.g. {@code out_ptr}
   */
  public static Buffer buffer(Device device, Buffer buffer, ElementType type, String method, String param) {
    if (buffer == null) {
      throw new NullPointerException(method + ": " + param + " is null; pass a Buffer of " + type
          + " elements allocated on " + describe(device));
    }
    if (buffer.isClosed()) {
      throw new IllegalArgumentException(method + ": " + param + " was closed; pass an open Buffer");
    }
    if (buffer.device() != device) {
      throw new IllegalArgumentException(method + ": " + param + " lives on " + describe(buffer.device())
          + " but this launcher launches on " + describe(device) + "; allocate it with launcher.device()");
    }
    if (buffer.bytes() < type.bytes()) {
      throw new IllegalArgumentException(method + ": " + param + " holds " + buffer.bytes() + " bytes, less than one "
          + type + " element (" + type.bytes() + " bytes)");
    }
    return buffer;
  }

  private static String describe(Device d) {
    return d.platform() + " device '" + d.name() + "'";
  }
}
