package dev.kgen.codegen.c;

import dev.kgen.codegen.PagedSpecs;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.kernels.paged.PagedAttentionKernel;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the tests of asynchronous copies share: a paged kernel at a tile width, and counting in its source. */
final class CopiedTiles {
  private CopiedTiles() {}

  /** Paged attention with bf16 queries, a {@code kv} cache, GQA 4 and tiles of {@code tile} tokens. */
  static Kernel paged(int head, int tile, DType kv) {
    Map<String, Object> m = new TreeMap<>(new PagedSpecs(head, 16, 4, DType.BF16, kv, false, false, 0, false, true)
        .constexprs());
    m.put("BLOCK_SIZE", tile);
    return PagedAttentionKernel.DEF.specialize(m);
  }

  /** How often {@code what} occurs in {@code src}. */
  static int count(String src, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(src);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
