package dev.kgen.cli;

/** Range checks of numeric options, each failing with the option, its value and the bound. */
final class OptionChecks {
  private OptionChecks() {}

  static void requireAtLeast(String option, long value, long least) {
    if (value < least) {
      throw new KgenUserException(option + " (" + value + ") must be at least " + least);
    }
  }
}
