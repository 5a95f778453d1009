package dev.kgen.codegen;

import dev.kgen.ir.DType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A covering set of paged-attention specializations: every value of every feature axis at
 * least once (values rotate independently across the rows), plus all features on and all off.
 */
public final class PagedMatrix {
  private PagedMatrix() {}

  static final int[] HEADS = {64, 80, 96, 128, 256};
  static final int[] BLOCKS = {16, 32, 544};
  static final int[] GQA = {1, 4, 6, 8};
  static final DType[] Q = {DType.F16, DType.BF16};
  /** null: the cache holds the query dtype. */
  static final DType[] KV = {null, DType.FP8E4M3, DType.FP8E5M2};

  public static List<PagedSpecs> covering() {
    LinkedHashSet<PagedSpecs> out = new LinkedHashSet<>();
    for (DType q : Q) {
      out.add(new PagedSpecs(128, 16, 4, q, q, false, false, 0, false, false));
      out.add(new PagedSpecs(256, 544, 8, q, DType.FP8E4M3, true, true, 128, true, true));
    }
    int rows = 6;
    for (int r = 0; r < rows; r++) {
      DType q = Q[r % Q.length];
      DType kv = KV[r % KV.length];
      boolean bit = r % 2 == 0;
      out.add(new PagedSpecs(HEADS[r % HEADS.length], BLOCKS[r % BLOCKS.length], GQA[r % GQA.length], q,
          kv == null ? q : kv, bit, (r / 2) % 2 == 0, r % 3 == 0 ? 0 : 256, r % 4 == 1, !bit));
    }
    return new ArrayList<>(out);
  }
}
