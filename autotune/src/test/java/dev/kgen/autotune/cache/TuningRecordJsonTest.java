package dev.kgen.autotune.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TuningRecordJsonTest {
  private static String json(TuningRecord r) {
    return new String(TuningRecordJson.write(r), StandardCharsets.UTF_8);
  }

  private static String readError(String text) {
    return assertThrows(
            MalformedRecordException.class,
            () -> TuningRecordJson.read(text.getBytes(StandardCharsets.UTF_8)))
        .getMessage();
  }

  @Test
  void roundTrips() {
    TuningRecord r = Fixtures.record(32, 64);
    assertEquals(r, TuningRecordJson.read(TuningRecordJson.write(r)));
    TuningRecord sparse =
        r.toBuilder().build().toBuilder().key(Fixtures.key(2)).build();
    assertEquals(sparse, TuningRecordJson.read(TuningRecordJson.write(sparse)));
  }

  @Test
  void optionalNumbersMayBeAbsent() {
    String text = json(Fixtures.record(4, 16))
        .replaceAll("\\s*\"gigabytesPerSecond\" : [0-9.]+,", "")
        .replaceAll("\\s*\"defaultSeconds\" : [0-9.E-]+,", "");
    TuningRecord r = TuningRecordJson.read(text.getBytes(StandardCharsets.UTF_8));
    assertEquals(OptionalDouble.empty(), r.gigabytesPerSecond());
    assertEquals(OptionalDouble.empty(), r.defaultSeconds());
  }

  @Test
  void writesReadableTypedJson() {
    String text = json(Fixtures.record(32, 64));
    assertTrue(text.contains("\"schema\" : \"kgen.tuning-record\""), text);
    assertTrue(text.contains("\"TILE_N\" : 64"), text);
    assertTrue(text.contains("\"LAYOUT\" : \"row\""), text);
    assertTrue(text.contains("\"batch\" : 32"), text);
  }

  @Test
  void namesWhatMakesAFileUnreadable() {
    String good = json(Fixtures.record(32, 64));
    assertTrue(readError("{\"schema\": ").startsWith("not valid JSON ("));
    assertEquals("not a JSON object", readError("[1, 2]"));
    assertEquals("the file is empty", readError(""));
    assertEquals(
        "its schema is 'other.tool', not 'kgen.tuning-record'",
        readError(good.replace("kgen.tuning-record", "other.tool")));
    assertEquals(
        "its schema version is 2 but this kgen reads version 1",
        readError(good.replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2")));
    assertEquals(
        "the field 'medianSeconds' is not a number",
        readError(good.replaceAll("\"medianSeconds\" : [0-9.E-]+", "\"medianSeconds\" : \"fast\"")));
    assertEquals(
        "best.TILE_N is 64.5, not an int or a string",
        readError(good.replace("\"TILE_N\" : 64", "\"TILE_N\" : 64.5")));
    assertEquals("the field 'kgenVersion' is missing", readError(good.replaceAll(",\\s*\"kgenVersion\" : \"[^\"]*\"", "")));
    String otherKey = good.replace("\"driverVersion\" : \"12.4\"", "\"driverVersion\" : \"12.5\"");
    assertTrue(
        readError(otherKey).startsWith("its keyHash " + Fixtures.key(32).hash() + " does not match the hash of its key "),
        readError(otherKey));
    assertEquals(
        "shape bucket 'batch' is 33, not a power of two",
        readError(good.replace("\"batch\" : 32", "\"batch\" : 33")));
  }
}
