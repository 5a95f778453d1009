package dev.kgen.autotune.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kgen.autotune.Configuration;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Writes and reads the JSON file of a tuning record. The file names its schema and version and
 * repeats the key hash, so a reader can tell a record it understands from anything else.
 */
public final class TuningRecordJson {
  public static final String SCHEMA = "kgen.tuning-record";
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TuningRecordJson() {}

  public static byte[] write(TuningRecord record) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("keyHash", record.keyHash());
    ObjectNode key = root.putObject("key");
    TuningKey k = record.key();
    key.put("deviceName", k.deviceName());
    key.put("deviceVersion", k.deviceVersion());
    key.put("driverVersion", k.driverVersion());
    key.put("backend", k.backend());
    key.put("kernelHash", k.kernelHash());
    ObjectNode features = key.putObject("features");
    k.features().forEach(features::put);
    ObjectNode shapes = key.putObject("shapeBuckets");
    k.shapeBuckets().forEach(shapes::put);
    ObjectNode best = root.putObject("best");
    record.best().asMap().forEach((name, value) -> {
      if (value instanceof Integer i) {
        best.put(name, i);
      } else {
        best.put(name, (String) value);
      }
    });
    root.put("medianSeconds", record.medianSeconds());
    record.gigabytesPerSecond().ifPresent(v -> root.put("gigabytesPerSecond", v));
    record.defaultSeconds().ifPresent(v -> root.put("defaultSeconds", v));
    root.put("timestamp", record.timestamp().toString());
    root.put("kgenVersion", record.kgenVersion());
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write tuning record " + record + " as JSON", e);
    }
  }

  /** The record in the bytes; throws MalformedRecordException naming what is wrong. */
  public static TuningRecord read(byte[] bytes) {
    if (bytes.length == 0) {
      throw new MalformedRecordException("the file is empty");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new MalformedRecordException("not valid JSON (" + firstLine(e.getMessage()) + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedRecordException("not a JSON object");
    }
    String schema = text(root, "schema");
    if (!SCHEMA.equals(schema)) {
      throw new MalformedRecordException(
          "its schema is '" + schema + "', not '" + SCHEMA + "'");
    }
    int version = integer(root, "schemaVersion");
    if (version != SCHEMA_VERSION) {
      throw new MalformedRecordException(
          "its schema version is " + version + " but this kgen reads version " + SCHEMA_VERSION);
    }
    try {
      TuningKey key = key(object(root, "key"));
      String storedHash = text(root, "keyHash");
      if (!storedHash.equals(key.hash())) {
        throw new MalformedRecordException(
            "its keyHash " + storedHash + " does not match the hash of its key " + key.hash());
      }
      TuningRecord.Builder b =
          TuningRecord.builder()
              .key(key)
              .best(configuration(object(root, "best")))
              .medianSeconds(number(root, "medianSeconds"))
              .timestamp(Instant.parse(text(root, "timestamp")))
              .kgenVersion(text(root, "kgenVersion"));
      if (root.hasNonNull("gigabytesPerSecond")) {
        b.gigabytesPerSecond(number(root, "gigabytesPerSecond"));
      }
      if (root.hasNonNull("defaultSeconds")) {
        b.defaultSeconds(number(root, "defaultSeconds"));
      }
      return b.build();
    } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
      throw new MalformedRecordException(firstLine(e.getMessage()), e);
    }
  }

  private static TuningKey key(JsonNode node) {
    TuningKey.Builder b =
        TuningKey.builder()
            .deviceName(text(node, "deviceName"))
            .deviceVersion(text(node, "deviceVersion"))
            .driverVersion(text(node, "driverVersion"))
            .backend(text(node, "backend"))
            .kernelHash(text(node, "kernelHash"));
    for (Map.Entry<String, JsonNode> e : object(node, "features").properties()) {
      if (!e.getValue().isTextual()) {
        throw new MalformedRecordException("feature '" + e.getKey() + "' is not a string");
      }
      b.feature(e.getKey(), e.getValue().asText());
    }
    for (Map.Entry<String, JsonNode> e : object(node, "shapeBuckets").properties()) {
      if (!e.getValue().canConvertToLong() || !ShapeBuckets.isBucket(e.getValue().asLong())) {
        throw new MalformedRecordException(
            "shape bucket '" + e.getKey() + "' is " + e.getValue() + ", not a power of two");
      }
      b.shape(e.getKey(), e.getValue().asLong());
    }
    return b.build();
  }

  private static Configuration configuration(JsonNode node) {
    Configuration.Builder b = Configuration.builder();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode v = e.getValue();
      if (v.isInt()) {
        b.set(e.getKey(), v.intValue());
      } else if (v.isTextual()) {
        b.set(e.getKey(), v.textValue());
      } else {
        throw new MalformedRecordException(
            "best." + e.getKey() + " is " + v + ", not an int or a string");
      }
    }
    return b.build();
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw new MalformedRecordException("the field '" + name + "' is missing");
    }
    return v;
  }

  private static JsonNode object(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isObject()) {
      throw new MalformedRecordException("the field '" + name + "' is not an object");
    }
    return v;
  }

  private static String text(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isTextual()) {
      throw new MalformedRecordException("the field '" + name + "' is not a string");
    }
    return v.textValue();
  }

  private static int integer(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isInt()) {
      throw new MalformedRecordException("the field '" + name + "' is not an integer");
    }
    return v.intValue();
  }

  private static double number(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isNumber()) {
      throw new MalformedRecordException("the field '" + name + "' is not a number");
    }
    return v.doubleValue();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
