package dev.kgen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgen.runtime.paged.PagedAttentionConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration each case ran with in an earlier {@code kgen bench --json} result, by case
 * name: {@code kgen bench --configs-from} runs them again, so two builds of kgen (or two
 * machines) are compared on the same configurations instead of on what two searches found.
 */
final class GivenConfigs {
  private final Path file;
  private final Map<String, Map<String, Object>> byCase;

  private GivenConfigs(Path file, Map<String, Map<String, Object>> byCase) {
    this.file = file;
    this.byCase = byCase;
  }

  /** Reads {@code file}'s {@code rows}, each with a {@code name} and a {@code config} such as {@code TILE_N=64,VEC=8}. */
  static GivenConfigs read(Path file) {
    JsonNode rows;
    try {
      rows = new ObjectMapper().readTree(file.toFile()).path("rows");
    } catch (IOException e) {
      throw new KgenUserException("cannot read --configs-from " + file + ": " + IoReasons.of(e));
    }
    if (!rows.isArray()) {
      throw new KgenUserException("--configs-from " + file + " has no \"rows\" list; expected the JSON of kgen bench --json");
    }
    Map<String, Map<String, Object>> byCase = new LinkedHashMap<>();
    for (JsonNode row : rows) {
      String name = row.path("name").asText("");
      String config = row.path("config").asText("");
      if (name.isEmpty() || config.isEmpty()) {
        throw new KgenUserException("--configs-from " + file + ": every row needs a \"name\" and a \"config\", got " + row);
      }
      byCase.put(name, parse(file, name, config));
    }
    return new GivenConfigs(file, byCase);
  }

  private static Map<String, Object> parse(Path file, String name, String config) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String part : config.split(",")) {
      String[] kv = part.split("=", -1);
      if (kv.length != 2 || kv[0].isBlank()) {
        throw new KgenUserException("--configs-from " + file + ": case " + name + " has config '" + config
            + "'; expected KEY=VALUE pairs separated by commas, e.g. TILE_N=64,VEC=8");
      }
      try {
        m.put(kv[0].trim(), Integer.parseInt(kv[1].trim()));
      } catch (NumberFormatException e) {
        throw new KgenUserException("--configs-from " + file + ": case " + name + " has " + kv[0].trim() + "='" + kv[1]
            + "'; expected an integer");
      }
    }
    return m;
  }

  /** Fails, before anything runs, if one of {@code names} has no row. */
  void requireCases(List<String> names) {
    for (String name : names) {
      if (!byCase.containsKey(name)) {
        throw new KgenUserException("--configs-from " + file + " has no row for case " + name + "; it has "
            + String.join(", ", byCase.keySet()));
      }
    }
  }

  /** The configuration case {@code name} ran with, its other knobs from {@code defaults}. */
  PagedAttentionConfig of(String name, PagedAttentionConfig defaults) {
    requireCases(List.of(name));
    Map<String, Object> m = byCase.get(name);
    try {
      return PagedAttentionConfig.fromMap(m, defaults);
    } catch (IllegalArgumentException e) {
      throw new KgenUserException("--configs-from " + file + ": case " + name + ": " + e.getMessage());
    }
  }
}
