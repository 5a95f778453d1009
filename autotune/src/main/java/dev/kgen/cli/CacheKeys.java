package dev.kgen.cli;

import dev.kgen.autotune.cache.TuningCache;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Resolves a key hash as typed (the whole hash, or a unique prefix like git's) to a stored one. */
final class CacheKeys {
  static final int MIN_PREFIX = 4;
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{" + MIN_PREFIX + ",64}");

  private CacheKeys() {}

  static String resolve(TuningCache cache, String typed) {
    String prefix = typed.strip().toLowerCase(Locale.ROOT);
    if (!HEX.matcher(prefix).matches()) {
      throw new KgenUserException(
          "'" + typed + "' is not a key hash; expected " + MIN_PREFIX + " to 64 hex digits as"
              + " printed by 'kgen cache list'");
    }
    List<String> matches = cache.keyHashesStartingWith(prefix);
    if (matches.isEmpty()) {
      throw new KgenUserException(
          "no tuning record with key '" + typed + "' in " + cache.directory()
              + "; run 'kgen cache list' to see the keys");
    }
    if (matches.size() > 1) {
      throw new KgenUserException(
          "key '" + typed + "' is ambiguous: " + matches.size() + " records start with it ("
              + String.join(", ", matches.stream().map(CacheKeys::abbreviate).toList())
              + "); give more digits");
    }
    return matches.get(0);
  }

  /** The 12-digit form 'kgen cache list' prints. */
  static String abbreviate(String hash) {
    return hash.substring(0, Math.min(12, hash.length()));
  }
}
