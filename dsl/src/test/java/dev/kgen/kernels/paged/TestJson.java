package dev.kgen.kernels.paged;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for test resources (the dsl module has no JSON library): objects become
 * LinkedHashMaps, arrays Lists, integers Longs, other numbers Doubles.
 */
final class TestJson {
  private final String text;
  private int at;

  private TestJson(String text) {
    this.text = text;
  }

  static Object parse(String text) {
    TestJson p = new TestJson(text);
    Object v = p.value();
    p.skipSpace();
    if (p.at != text.length()) {
      throw p.error("trailing characters");
    }
    return v;
  }

  static Object resource(String name) throws IOException {
    try (InputStream in = TestJson.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IOException("test resource /" + name + " not found");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private Object value() {
    skipSpace();
    char ch = peek();
    if (ch == '{') {
      return object();
    }
    if (ch == '[') {
      return array();
    }
    if (ch == '"') {
      return string();
    }
    if (text.startsWith("true", at)) {
      at += 4;
      return Boolean.TRUE;
    }
    if (text.startsWith("false", at)) {
      at += 5;
      return Boolean.FALSE;
    }
    if (text.startsWith("null", at)) {
      at += 4;
      return null;
    }
    return number();
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    at++;
    skipSpace();
    if (peek() == '}') {
      at++;
      return m;
    }
    while (true) {
      skipSpace();
      String key = string();
      skipSpace();
      expect(':');
      m.put(key, value());
      skipSpace();
      if (peek() == ',') {
        at++;
        continue;
      }
      expect('}');
      return m;
    }
  }

  private List<Object> array() {
    List<Object> l = new ArrayList<>();
    at++;
    skipSpace();
    if (peek() == ']') {
      at++;
      return l;
    }
    while (true) {
      l.add(value());
      skipSpace();
      if (peek() == ',') {
        at++;
        continue;
      }
      expect(']');
      return l;
    }
  }

  private String string() {
    expect('"');
    StringBuilder s = new StringBuilder();
    while (peek() != '"') {
      char ch = text.charAt(at++);
      if (ch == '\\') {
        char e = text.charAt(at++);
        switch (e) {
          case 'n':
            s.append('\n');
            break;
          case 't':
            s.append('\t');
            break;
          case 'u':
            s.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            at += 4;
            break;
          default:
            s.append(e);
        }
      } else {
        s.append(ch);
      }
    }
    at++;
    return s.toString();
  }

  private Number number() {
    int start = at;
    while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    String n = text.substring(start, at);
    if (n.isEmpty()) {
      throw error("expected a value");
    }
    return n.matches("-?\\d+") ? (Number) Long.parseLong(n) : (Number) Double.parseDouble(n);
  }

  private void skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private char peek() {
    if (at >= text.length()) {
      throw error("unexpected end of input");
    }
    return text.charAt(at);
  }

  private void expect(char ch) {
    if (peek() != ch) {
      throw error("expected '" + ch + "'");
    }
    at++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("JSON: " + what + " at offset " + at);
  }
}
