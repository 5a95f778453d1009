package dev.kgen.runtime.paged;

import dev.kgen.ir.DType;
import dev.kgen.kernels.paged.PagedAttentionCase;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The feature matrix every backend must pass: the seed's features one at a time from an
 * all-off baseline, all on together, and random combinations drawn fresh each run (the seed
 * is in every case's name so a failure can be replayed).
 */
final class PagedAttentionMatrix {
  private static final int[] HEADS = {64, 80, 96, 128, 256};
  private static final int[] BLOCKS = {16, 32, 544};
  private static final int[] GROUPS = {1, 4, 6, 8};
  private static final String[] KV = {"auto", "fp8_e4m3", "fp8_e5m2", "fp8"};

  private PagedAttentionMatrix() {}

  static PagedAttentionCase.Builder baseline() {
    return PagedAttentionCase.builder().name("all_off").numSeqs(3).kvHeads(2).qHeads(8).headSize(64).blockSize(16)
        .seqLenRange(1, 70).dtype(DType.BF16).kvCacheDtype("auto");
  }

  private static PagedAttentionCase.Builder withBlock(PagedAttentionCase.Builder b, int block) {
    // a 544 block is read 32 tokens at a time: cross at least one block boundary
    return block > 64 ? b.blockSize(block).seqLenRange(500, 1200) : b.blockSize(block);
  }

  /** One case per feature value, from the all-off baseline, plus everything on at once. */
  static List<PagedAttentionCase> features() {
    List<PagedAttentionCase> out = new ArrayList<>();
    out.add(baseline().build());
    out.add(baseline().name("fp16").dtype(DType.F16).build());
    for (String kv : KV) {
      if (!kv.equals("auto")) {
        out.add(baseline().name("kv_" + kv).kvCacheDtype(kv).build());
      }
    }
    for (int h : HEADS) {
      if (h != 64) {
        out.add(baseline().name("head_" + h).headSize(h).build());
      }
    }
    for (int blk : BLOCKS) {
      if (blk != 16) {
        out.add(withBlock(baseline().name("block_" + blk), blk).build());
      }
    }
    for (int g : GROUPS) {
      out.add(baseline().name("gqa_" + g).qHeads(2 * g).build());
    }
    out.add(baseline().name("sinks").sinks(true).build());
    out.add(baseline().name("alibi").alibi(true).build());
    out.add(baseline().name("window_8").window(8).build());
    out.add(baseline().name("window_off_negative").window(-1).build());
    out.add(baseline().name("prefill_rows").numSeqs(6).prefillFrac(0.5).build());
    out.add(baseline().name("fp8_output").outputScale(0.05).build());
    out.add(baseline().name("padded_strides").paddedStrides(true).build());
    out.add(baseline().name("block_table_ptr").blockTablePtr(true).build());
    out.add(baseline().name("explicit_scale").scale(0.3).build());
    out.add(withBlock(baseline(), 544).name("all_on").dtype(DType.F16).kvCacheDtype("fp8_e4m3").headSize(80)
        .qHeads(12).sinks(true).alibi(true).window(40).numSeqs(4).prefillFrac(0.25).outputScale(0.05)
        .paddedStrides(true).blockTablePtr(true).build());
    return out;
  }

  /** {@code n} random combinations of every axis. */
  static List<PagedAttentionCase> randomCombinations(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    List<PagedAttentionCase> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int g = GROUPS[r.nextInt(GROUPS.length)];
      int kvHeads = 1 + r.nextInt(2);
      int block = BLOCKS[r.nextInt(BLOCKS.length)];
      PagedAttentionCase.Builder b = withBlock(baseline(), block)
          .name("random_" + seed + "_" + i)
          .dtype(r.nextBoolean() ? DType.BF16 : DType.F16)
          .kvCacheDtype(KV[r.nextInt(KV.length)])
          .headSize(HEADS[r.nextInt(HEADS.length - 1)])
          .kvHeads(kvHeads).qHeads(g * kvHeads)
          .sinks(r.nextBoolean()).alibi(r.nextBoolean())
          .window(r.nextBoolean() ? 0 : 1 + r.nextInt(64))
          .prefillFrac(r.nextBoolean() ? 0 : 0.34).numSeqs(3)
          .outputScale(r.nextInt(4) == 0 ? 0.05 : null)
          .paddedStrides(r.nextBoolean()).blockTablePtr(r.nextBoolean());
      out.add(b.build());
    }
    return out;
  }
}
