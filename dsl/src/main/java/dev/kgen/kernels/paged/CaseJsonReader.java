package dev.kgen.kernels.paged;

import dev.kgen.ir.DType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one parsed cases.json entry into a {@link PagedAttentionCase}. Strict: a field the
 * bench script does not know is an error rather than silently ignored, so a typo such as
 * {@code "windows": 128} cannot quietly turn a feature off.
 */
final class CaseJsonReader {
  static final List<String> FIELDS =
      List.of(
          "name", "num_seqs", "q_heads", "kv_heads", "head", "block", "seq_len", "dtype", "kv",
          "sinks", "alibi", "window", "prefill_frac");
  private static final Set<String> REQUIRED =
      Set.of("name", "num_seqs", "q_heads", "kv_heads", "head", "block", "seq_len");

  private final Map<String, Object> json;
  private final String caseName;

  private CaseJsonReader(Map<String, Object> json) {
    this.json = json;
    Object name = json.get("name");
    this.caseName = name instanceof String ? "case '" + name + "'" : "case (unnamed)";
  }

  static PagedAttentionCase read(Map<String, Object> json) {
    if (json == null) {
      throw new IllegalArgumentException("case (null): expected a JSON object, got null");
    }
    return new CaseJsonReader(json).read();
  }

  private PagedAttentionCase read() {
    for (String key : json.keySet()) {
      if (!FIELDS.contains(key)) {
        throw error("unknown field '" + key + "'; expected one of " + String.join(", ", FIELDS));
      }
    }
    for (String key : FIELDS) {
      if (REQUIRED.contains(key) && !json.containsKey(key)) {
        throw error("missing required field '" + key + "'");
      }
    }
    PagedAttentionCase.Builder b =
        PagedAttentionCase.builder()
            .name(string("name"))
            .numSeqs(integer("num_seqs"))
            .qHeads(integer("q_heads"))
            .kvHeads(integer("kv_heads"))
            .headSize(integer("head"))
            .blockSize(integer("block"));
    readSeqLen(b);
    if (json.get("dtype") != null) {
      b.dtype(dtype(string("dtype")));
    }
    if (json.get("kv") != null) {
      try {
        b.kvCacheDtype(string("kv"));
      } catch (IllegalArgumentException e) {
        throw error("field 'kv': " + e.getMessage());
      }
    }
    b.sinks(bool("sinks"));
    b.alibi(bool("alibi"));
    if (json.get("window") != null) {
      b.window(integer("window"));
    }
    if (json.get("prefill_frac") != null) {
      b.prefillFrac(number("prefill_frac"));
    }
    return b.build();
  }

  private void readSeqLen(PagedAttentionCase.Builder b) {
    Object v = json.get("seq_len");
    if (v instanceof List) {
      List<?> range = (List<?>) v;
      if (range.size() != 2) {
        throw error("field 'seq_len' must be an integer or a [min, max] pair, got a list of " + range.size());
      }
      b.seqLenRange(toInt("seq_len[0]", range.get(0)), toInt("seq_len[1]", range.get(1)));
    } else if (v instanceof Number) {
      b.seqLen(toInt("seq_len", v));
    } else {
      throw error("field 'seq_len' must be an integer or a [min, max] pair, got " + describe(v));
    }
  }

  private DType dtype(String name) {
    switch (name) {
      case "bf16":
        return DType.BF16;
      case "fp16":
        return DType.F16;
      default:
        throw error("field 'dtype': unsupported dtype '" + name + "': expected one of bf16, fp16");
    }
  }

  private String string(String field) {
    Object v = json.get(field);
    if (!(v instanceof String)) {
      throw error("field '" + field + "' must be a string, got " + describe(v));
    }
    return (String) v;
  }

  private int integer(String field) {
    return toInt(field, json.get(field));
  }

  private int toInt(String field, Object v) {
    if (v instanceof Number) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
        return (int) d;
      }
    }
    throw error("field '" + field + "' must be an integer, got " + describe(v));
  }

  private double number(String field) {
    Object v = json.get(field);
    if (!(v instanceof Number)) {
      throw error("field '" + field + "' must be a number, got " + describe(v));
    }
    return ((Number) v).doubleValue();
  }

  /** An absent or null boolean is false, as {@code c.get("sinks")} is in the bench script. */
  private boolean bool(String field) {
    Object v = json.get(field);
    if (v == null) {
      return false;
    }
    if (!(v instanceof Boolean)) {
      throw error("field '" + field + "' must be true or false, got " + describe(v));
    }
    return (Boolean) v;
  }

  private static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String) {
      return "the string \"" + v + "\"";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof List) {
      return "a list";
    }
    if (v instanceof Number) {
      return "the number " + v;
    }
    if (v instanceof Boolean) {
      return "the boolean " + v;
    }
    return v.getClass().getSimpleName() + " " + v;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(caseName + ": " + what);
  }
}
