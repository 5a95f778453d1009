package dev.kgen.cli;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Which device a command uses, as typed after {@code --device}: an index as listed by {@code
 * kgen devices} ({@code 0}), or part of the device's name, matched ignoring case ({@code h100}).
 */
public final class DeviceSelector {
  private final OptionalInt index;
  private final String nameFragment;

  private DeviceSelector(OptionalInt index, String nameFragment) {
    this.index = index;
    this.nameFragment = nameFragment;
  }

  public static DeviceSelector parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException(
          "a device selector must be a device index such as 0 or part of a device name such as"
              + " h100; got an empty one");
    }
    if (s.chars().allMatch(Character::isDigit)) {
      try {
        return new DeviceSelector(OptionalInt.of(Integer.parseInt(s)), null);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("device index " + s + " is too large");
      }
    }
    return new DeviceSelector(OptionalInt.empty(), s);
  }

  /** The device index, when the selector is one. */
  public OptionalInt index() {
    return index;
  }

  /** True for the device at this index with this name. */
  public boolean matches(int deviceIndex, String deviceName) {
    if (index.isPresent()) {
      return index.getAsInt() == deviceIndex;
    }
    return deviceName.toLowerCase(Locale.ROOT).contains(nameFragment.toLowerCase(Locale.ROOT));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceSelector d && index.equals(d.index) && Objects.equals(nameFragment, d.nameFragment);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, nameFragment);
  }

  @Override
  public String toString() {
    return index.isPresent() ? Integer.toString(index.getAsInt()) : nameFragment;
  }

  /** Lets picocli read {@code --device}. */
  static final class Converter implements ITypeConverter<DeviceSelector> {
    @Override
    public DeviceSelector convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
