package dev.kgen.kernels.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestJsonTest {
  @Test
  void parsesObjectsArraysAndScalars() {
    Object v = TestJson.parse("{\"a\": [1, 2.5, -3e2], \"b\": {\"c\": \"x\\\"y\"}, \"d\": true, \"e\": null}");
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    assertEquals(List.of(1L, 2.5, -300.0), m.get("a"));
    assertEquals(Map.of("c", "x\"y"), m.get("b"));
    assertEquals(Boolean.TRUE, m.get("d"));
    assertNull(m.get("e"));
  }

  @Test
  void rejectsTrailingText() {
    assertThrows(IllegalArgumentException.class, () -> TestJson.parse("[1] x"));
  }
}
