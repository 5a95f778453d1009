package dev.kgen.runtime.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to compile for: a real architecture such as {@code sm_90} (or {@code sm_90a}), the
 * output kind and extra compiler options passed through verbatim.
 */
public record CudaTarget(String arch, CudaOutputKind kind, List<String> options) {
  private static final Pattern ARCH = Pattern.compile("sm_(\\d{2,3})([af]?)");

  public CudaTarget {
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(options, "options");
    if (!ARCH.matcher(arch).matches()) {
      throw new IllegalArgumentException(
          "CUDA target arch '" + arch + "': expected a real architecture like sm_80, sm_90 or "
              + "sm_90a (use CudaDeviceInfo.arch() for the current device)");
    }
    options = List.copyOf(options);
    for (String option : options) {
      if (option.isBlank()) {
        throw new IllegalArgumentException(
            "CUDA target options " + options + ": an option is blank; remove it");
      }
    }
  }

  /** PTX for the architecture, no extra options. */
  public static CudaTarget ptx(String arch) {
    return new CudaTarget(arch, CudaOutputKind.PTX, List.of());
  }

  /** A cubin for the architecture, no extra options. */
  public static CudaTarget cubin(String arch) {
    return new CudaTarget(arch, CudaOutputKind.CUBIN, List.of());
  }

  /** The target for a device's own architecture. */
  public static CudaTarget forDevice(CudaDeviceInfo device, CudaOutputKind kind) {
    return new CudaTarget(device.arch(), kind, List.of());
  }

  /** This target with more options appended. */
  public CudaTarget withOptions(String... more) {
    List<String> all = new ArrayList<>(options);
    all.addAll(List.of(more));
    return new CudaTarget(arch, kind, all);
  }

  /** The number of the architecture, e.g. {@code 90} for {@code sm_90a}. */
  public String archNumber() {
    var m = ARCH.matcher(arch);
    m.matches();
    return m.group(1);
  }

  /** The virtual architecture with the same suffix, e.g. {@code compute_90a} for {@code sm_90a}. */
  public String virtualArch() {
    return "compute_" + arch.substring("sm_".length());
  }
}
