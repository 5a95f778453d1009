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
      converter = Backend.Converter.class,
      completionCandidates = Backend.Names.class,
      description = "Where kernels run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  private Backend backend = Backend.AUTO;

  @Option(
      names = "--device",
      paramLabel = "SELECTOR",
      converter = DeviceSelector.Converter.class,
      description =
          "Which device: its index as listed by 'kgen devices', or part of its name"
              + " (default: the backend's first device).")
  private DeviceSelector device;

  public Backend backend() {
    return backend;
  }

  public Optional<DeviceSelector> device() {
    return Optional.ofNullable(device);
  }
}
