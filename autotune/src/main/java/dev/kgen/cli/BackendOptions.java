package dev.kgen.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The shared {@code --backend} and {@code --device} options of every command that runs kernels;
 * add it to a command with {@code @Mixin BackendOptions target;}.
 */
public final class BackendOptions {
  @Option(
      names = "--backend",
      paramLabel = "BACKEND",
      defaultValue = "auto",
      converter = BackendChoice.Converter.class,
      completionCandidates = BackendChoice.Names.class,
      description = "Where kernels run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  private BackendChoice backend = BackendChoice.AUTO;

  @Option(
      names = "--device",
      paramLabel = "SELECTOR",
      converter = DeviceSelector.Converter.class,
      description =
          "Which device: its index as listed by 'kgen devices', or part of its name"
              + " (default: the backend's first device).")
  private DeviceSelector device;

  public BackendChoice backend() {
    return backend;
  }

  public Optional<DeviceSelector> device() {
    return Optional.ofNullable(device);
  }

  /**
   * Opens the chosen backend on the chosen device; {@code auto} tells {@code notice} in one line
   * when it falls back to the JVM.
   */
  public dev.kgen.runtime.Backend open(java.util.function.Consumer<String> notice) {
    return dev.kgen.runtime.Backends.open(backend.cliName(), device == null ? null : device.toString(), notice);
  }
}
