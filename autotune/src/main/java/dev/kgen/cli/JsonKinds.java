package dev.kgen.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** What kind of JSON value a node is, with its article, for errors: "an object", "a number". */
final class JsonKinds {
  private JsonKinds() {}

  static String of(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    switch (node.getNodeType()) {
      case ARRAY:
        return "a list";
      case OBJECT:
        return "an object";
      case STRING:
        return "a string";
      case NUMBER:
        return "a number";
      case BOOLEAN:
        return "a boolean";
      case NULL:
        return "null";
      default:
        return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
