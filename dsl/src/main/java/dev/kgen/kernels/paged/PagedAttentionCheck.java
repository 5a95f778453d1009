package dev.kgen.kernels.paged;

import dev.kgen.ir.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;

/**
 * Compares a kernel's output with {@link PagedAttentionReference}: the relative L2 error over
 * the decode rows (as the bench script), the largest absolute error, NaN/inf in decode rows,
 * and that every other element (prefill rows, stride padding) still holds the poison the
 * buffer was filled with by {@link PagedAttentionInputs#newOutput(double)}.
 */
public final class PagedAttentionCheck {
  private PagedAttentionCheck() {}

  /**
   * The relative L2 error allowed for an output of {@code dtype}: a few output roundings,
   * plus the kernel's rounding of the probabilities to the dtype before the PV product. An
   * fp8 output is compared in its stored (scaled) domain against a reference rounded to e4m3,
   * where one ulp is 6-12%: a near-tie that rounds the other way costs that much.
   */
  public static double tolerance(DType outputDType) {
    switch (outputDType) {
      case BF16:
        return 1e-2;
      case F16:
        return 2e-3;
      case FP8E4M3:
        return 5e-2;
      case FP8E5M2:
        return 1e-1;
      case F32:
        return 1e-5;
      default:
        throw new IllegalArgumentException(
            "no tolerance for a " + outputDType + " output: expected bf16, fp16, fp32 or fp8");
    }
  }

  /** Computes the reference and compares {@code output} with it. */
  public static PagedAttentionReport check(PagedAttentionInputs in, ByteBuffer output, double poison) {
    return compare(in, output, PagedAttentionReference.compute(in), poison);
  }

  /**
   * Compares {@code output}, laid out as {@link PagedAttentionInputs#outputLayout()}, with
   * {@code reference} from {@link PagedAttentionReference#compute}.
   */
  public static PagedAttentionReport compare(
      PagedAttentionInputs in, ByteBuffer output, double[][][] reference, double poison) {
    TensorLayout layout = in.outputLayout();
    PagedAttentionCase c = in.testCase();
    PagedAttentionBatch b = in.batch();
    if (output.capacity() < layout.allocationBytes()) {
      throw new IllegalArgumentException(
          "output buffer of " + output.capacity() + " bytes is too small: expected at least "
              + layout.allocationBytes() + " for " + layout);
    }
    if (output.order() != ByteOrder.LITTLE_ENDIAN) {
      throw new IllegalArgumentException("output buffer must be little-endian; got " + output.order());
    }
    if (reference.length != b.numTokens()) {
      throw new IllegalArgumentException(
          "reference has " + reference.length + " rows; expected " + b.numTokens()
              + " (one per query token of case '" + c.name() + "')");
    }
    HostTensor out = HostTensor.wrap(layout, output.duplicate().order(ByteOrder.LITTLE_ENDIAN));
    BitSet written = new BitSet();
    double num = 0;
    double den = 0;
    double maxAbs = 0;
    String worst = "";
    long checked = 0;
    long nonFinite = 0;
    String firstNonFinite = "";
    for (int seq = 0; seq < b.numSeqs(); seq++) {
      if (!b.isDecode(seq)) {
        continue;
      }
      int t = b.firstToken(seq);
      if (reference[t] == null) {
        throw new IllegalArgumentException(
            "reference row " + t + " is null but sequence " + seq + " is a decode row");
      }
      for (int h = 0; h < c.qHeads(); h++) {
        for (int d = 0; d < c.headSize(); d++) {
          long off = layout.offset(t, h, d);
          written.set(Math.toIntExact(off));
          double o = out.readOffset(off);
          double r = reference[t][h][d];
          checked++;
          if (!Double.isFinite(o)) {
            if (nonFinite++ == 0) {
              firstNonFinite = where(t, h, d) + " (got " + o + ", expected " + r + ")";
            }
            continue;
          }
          double e = Math.abs(o - r);
          num += e * e;
          den += r * r;
          if (e > maxAbs) {
            maxAbs = e;
            worst = where(t, h, d) + " (got " + o + ", expected " + r + ")";
          }
        }
      }
    }
    long clobbered = 0;
    String firstClobbered = "";
    double expected = layout.dtype().convert(poison);
    long all = layout.allocationElements();
    for (long off = 0; off < all; off++) {
      if (written.get(Math.toIntExact(off))) {
        continue;
      }
      double v = out.readOffset(off);
      boolean untouched = Double.isNaN(expected) ? Double.isNaN(v) : v == expected;
      if (!untouched && clobbered++ == 0) {
        firstClobbered = describeOffset(layout, c, b, off) + " (holds " + v + ")";
      }
    }
    return new PagedAttentionReport(
        c.name(),
        in.seed(),
        layout.dtype(),
        Math.sqrt(num / Math.max(den, 1e-300)),
        maxAbs,
        worst,
        tolerance(layout.dtype()),
        checked,
        nonFinite,
        firstNonFinite,
        clobbered,
        firstClobbered);
  }

  private static String where(int token, int head, int dim) {
    return "token " + token + " head " + head + " dim " + dim;
  }

  /** Names an element the kernel must not write: in a prefill row, or in padding. */
  private static String describeOffset(TensorLayout l, PagedAttentionCase c, PagedAttentionBatch b, long off) {
    long token = off / l.stride(0);
    long inRow = off % l.stride(0);
    long head = inRow / l.stride(1);
    long dim = inRow % l.stride(1);
    if (token >= b.numTokens() || head >= c.qHeads() || dim >= c.headSize()) {
      return "element offset " + off + " (stride padding after token " + Math.min(token, b.numTokens() - 1) + ")";
    }
    return where((int) token, (int) head, (int) dim) + " (a prefill row the decode kernel must skip)";
  }
}
