package dev.kgen.runtime.opencl;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Picks one device from a list. The rules, in order:
 *
 * <ol>
 *   <li>An explicit selector wins; a null or blank one defers to {@code $KGEN_OPENCL_DEVICE}.
 *   <li>With neither, the first GPU, else the first device.
 *   <li>A selector of digits is an index into the list.
 *   <li>Any other selector is a case-insensitive substring of "platform name / device name"; the
 *       first match wins, so an index disambiguates identical devices.
 * </ol>
 */
final class OpenClDeviceSelector {
  static final String ENV = "KGEN_OPENCL_DEVICE";

  private OpenClDeviceSelector() {}

  static OpenClDeviceInfo select(
      List<OpenClDeviceInfo> devices, String selector, String envSelector, String unavailableReason) {
    if (devices.isEmpty()) {
      throw new OpenClException("no OpenCL device is available: " + unavailableReason);
    }
    boolean fromEnv = isBlank(selector) && !isBlank(envSelector);
    String wanted = !isBlank(selector) ? selector.trim() : fromEnv ? envSelector.trim() : null;
    if (wanted == null) {
      return devices.stream().filter(d -> d.type() == OpenClDeviceInfo.Type.GPU).findFirst().orElse(devices.get(0));
    }
    String origin = fromEnv ? " (from $" + ENV + ")" : "";
    if (wanted.chars().allMatch(Character::isDigit)) {
      int index = parseIndex(wanted);
      if (index < devices.size()) {
        return devices.get(index);
      }
      throw notFound(
          wanted,
          "OpenCL device index " + wanted + origin + " is out of range; there "
              + (devices.size() == 1 ? "is 1 device" : "are " + devices.size() + " devices")
              + ", pass an index from 0 to " + (devices.size() - 1) + " or part of a name",
          devices);
    }
    String needle = wanted.toLowerCase(Locale.ROOT);
    return devices.stream()
        .filter(d -> d.label().toLowerCase(Locale.ROOT).contains(needle))
        .findFirst()
        .orElseThrow(
            () -> notFound(
                wanted,
                "no OpenCL device matches \"" + wanted + "\"" + origin
                    + "; pass an index or a case-insensitive part of \"platform / device\"",
                devices));
  }

  private static int parseIndex(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE; // more digits than any device list
    }
  }

  private static OpenClDeviceNotFoundException notFound(String selector, String message, List<OpenClDeviceInfo> devices) {
    String listing = devices.stream().map(d -> "  " + d.summary()).collect(Collectors.joining("\n"));
    return new OpenClDeviceNotFoundException(selector, message + "; available devices:\n" + listing, devices);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
