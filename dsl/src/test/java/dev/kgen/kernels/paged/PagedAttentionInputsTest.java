package dev.kgen.kernels.paged;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.ir.DType;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PagedAttentionInputsTest {
  static PagedAttentionCase.Builder small() {
    return PagedAttentionCase.builder()
        .name("small")
        .numSeqs(5)
        .qHeads(8)
        .kvHeads(2)
        .headSize(32)
        .blockSize(16)
        .seqLenRange(1, 70);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.get(a);
    return a;
  }

  @Test
  void theSameSeedGivesTheSameBytes() {
    long seed = TestSeeds.fresh();
    PagedAttentionCase c = small().sinks(true).alibi(true).prefillFrac(0.4).build();
    PagedAttentionInputs a = PagedAttentionInputs.generate(c, seed);
    PagedAttentionInputs b = PagedAttentionInputs.generate(c, seed);
    for (Function<PagedAttentionInputs, HostTensor> t :
        java.util.List.<Function<PagedAttentionInputs, HostTensor>>of(
            PagedAttentionInputs::query,
            PagedAttentionInputs::keyCache,
            PagedAttentionInputs::valueCache,
            PagedAttentionInputs::blockTable,
            PagedAttentionInputs::seqLens,
            PagedAttentionInputs::queryStartLoc,
            PagedAttentionInputs::sinks,
            PagedAttentionInputs::alibiSlopes)) {
      assertArrayEquals(bytes(t.apply(a).buffer()), bytes(t.apply(b).buffer()), "seed " + seed);
    }
    PagedAttentionInputs other = PagedAttentionInputs.generate(c, seed + 1);
    assertFalse(
        java.util.Arrays.equals(bytes(a.valueCache().buffer()), bytes(other.valueCache().buffer())),
        "seed " + seed + " and the next one gave the same V cache");
  }

  @Test
  void shapesAndContiguousStrides() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in = PagedAttentionInputs.generate(small().build(), seed);
    PagedAttentionBatch b = in.batch();
    int nb = b.numPhysicalBlocks();
    assertArrayEquals(new long[] {b.numTokens(), 8, 32}, in.query().shape());
    assertArrayEquals(new long[] {8 * 32, 32, 1}, in.queryStrides());
    assertArrayEquals(new long[] {8 * 32, 32, 1}, in.outputStrides());
    assertArrayEquals(new long[] {nb, 2, 4, 16, 8}, in.keyCache().shape());
    assertArrayEquals(new long[] {2 * 4 * 16 * 8, 4 * 16 * 8, 16 * 8, 8, 1}, in.keyCacheStrides());
    assertArrayEquals(new long[] {nb, 2, 32, 16}, in.valueCache().shape());
    assertArrayEquals(new long[] {2 * 32 * 16, 32 * 16, 16, 1}, in.valueCacheStrides());
    assertEquals(b.tableColumns(), in.blockTableStride());
    assertEquals(2 * 4 * 16 * 8 * 2, in.blockByteStride());
    assertNull(in.sinks());
    assertNull(in.alibiSlopes());
    for (int s = 0; s < b.numSeqs(); s++) {
      assertEquals(b.seqLen(s), in.seqLens().get(s));
      assertEquals(b.firstToken(s), in.queryStartLoc().get(s));
      int[] blocks = b.blocks(s);
      for (int j = 0; j < b.tableColumns(); j++) {
        assertEquals(j < blocks.length ? blocks[j] : 0, in.blockTable().get(s, j), "seed " + seed);
      }
    }
    assertEquals(b.numTokens(), in.queryStartLoc().get(5));
  }

  @Test
  void paddedStridesKeepTheLogicalValuesAndPoisonThePadding() {
    long seed = TestSeeds.fresh();
    PagedAttentionCase plain = small().sinks(true).alibi(true).build();
    PagedAttentionInputs a = PagedAttentionInputs.generate(plain, seed);
    PagedAttentionInputs p = PagedAttentionInputs.generate(plain.toBuilder().paddedStrides(true).build(), seed);
    assertArrayEquals(new long[] {8 * 40 + 8, 40, 1}, p.queryStrides());
    assertArrayEquals(new long[] {8 * 40 + 8, 40, 1}, p.outputStrides());
    long k3 = 8 + 8;
    long k2 = 16 * k3 + 8;
    long k1 = 4 * k2 + 8;
    long k0 = 2 * k1 + 8;
    assertArrayEquals(new long[] {k0, k1, k2, k3, 1}, p.keyCacheStrides());
    assertArrayEquals(new long[] {2 * (32 * 24 + 8) + 8, 32 * 24 + 8, 24, 1}, p.valueCacheStrides());
    assertEquals(a.batch().tableColumns() + 4, p.blockTableStride());
    assertEquals(k0 * 2, p.blockByteStride());

    assertSameLogicalValues(a.query(), p.query(), seed);
    assertSameLogicalValues(a.keyCache(), p.keyCache(), seed);
    assertSameLogicalValues(a.valueCache(), p.valueCache(), seed);
    assertSameLogicalValues(a.blockTable(), p.blockTable(), seed);
    assertArrayEquals(bytes(a.sinks().buffer()), bytes(p.sinks().buffer()), "seed " + seed);
    assertArrayEquals(bytes(a.alibiSlopes().buffer()), bytes(p.alibiSlopes().buffer()), "seed " + seed);

    for (HostTensor t : new HostTensor[] {p.query(), p.keyCache(), p.valueCache()}) {
      long logical = t.layout().numel();
      long nan = 0;
      for (long off = 0; off < t.layout().allocationElements(); off++) {
        nan += Double.isNaN(t.readOffset(off)) ? 1 : 0;
      }
      assertEquals(t.layout().allocationElements() - logical, nan, t.layout() + " seed " + seed);
    }
  }

  private static void assertSameLogicalValues(HostTensor a, HostTensor b, long seed) {
    assertArrayEquals(a.shape(), b.shape());
    long[] shape = a.shape();
    long[] idx = new long[shape.length];
    for (long n = 0; n < a.layout().numel(); n++) {
      long rest = n;
      for (int d = shape.length - 1; d >= 0; d--) {
        idx[d] = rest % shape[d];
        rest /= shape[d];
      }
      assertEquals(a.get(idx), b.get(idx), a.layout() + " at " + java.util.Arrays.toString(idx) + " seed " + seed);
    }
  }

  @Test
  void distributionsFollowTheBenchScript() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in =
        PagedAttentionInputs.generate(small().numSeqs(50).seqLen(200).sinks(true).alibi(true).build(), seed);
    double[] q = moments(in.query());
    assertEquals(0, q[0], 0.05, "query mean, seed " + seed);
    assertEquals(1, q[1], 0.05, "query std, seed " + seed);
    double[] k = moments(in.keyCache());
    assertEquals(0, k[0], 0.02, "K mean, seed " + seed);
    assertEquals(0.5, k[1], 0.02, "K std, seed " + seed);
    double[] v = moments(in.valueCache());
    assertEquals(0.5, v[1], 0.02, "V std, seed " + seed);
    for (int h = 0; h < 8; h++) {
      double slope = in.alibiSlopes().get(h);
      assertTrue(slope >= 0 && slope < 0.1, "slope " + slope + " seed " + seed);
      assertTrue(Double.isFinite(in.sinks().get(h)));
    }
    assertEquals(1.0f, in.kScaleValue());
    assertEquals(1.0f, in.vScaleValue());
    assertEquals(1.0f, in.outScaleInvValue());
  }

  private static double[] moments(HostTensor t) {
    double sum = 0;
    double sq = 0;
    long n = t.layout().allocationElements();
    for (long i = 0; i < n; i++) {
      double x = t.readOffset(i);
      sum += x;
      sq += x * x;
    }
    double mean = sum / n;
    return new double[] {mean, Math.sqrt(sq / n - mean * mean)};
  }

  @Test
  void fp8CachesStoreValueOverScale() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in =
        PagedAttentionInputs.generate(small().seqLen(200).kvCacheDtype("fp8_e4m3").outputScale(0.5).build(), seed);
    assertEquals(DType.FP8E4M3, in.keyCache().dtype());
    assertEquals(0.05f, in.kScale().getFloat(0));
    assertEquals(0.04f, in.vScale().getFloat(0));
    assertEquals(2.0f, in.outScaleInv().getFloat(0));
    // stored ~ N(0, 0.5) / scale: std 10 for K, 12.5 for V
    assertEquals(10, moments(in.keyCache())[1], 0.5, "seed " + seed);
    assertEquals(12.5, moments(in.valueCache())[1], 0.6, "seed " + seed);
    int block = in.batch().physicalBlock(0, 0);
    assertEquals(in.keyCache().get(block, 1, 1, 3, 5) * 0.05f, in.keyAt(0, 1, 3, 16 + 5));
    assertEquals(in.valueCache().get(block, 1, 7, 3) * 0.04f, in.valueAt(0, 1, 3, 7));
    assertEquals(DType.FP8E4M3, in.outputLayout().dtype());
  }

  @Test
  void keyAtAndValueAtFollowTheBlockTable() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in = PagedAttentionInputs.generate(small().seqLen(40).build(), seed);
    int seq = 3;
    int pos = 37; // logical block 2, slot 5
    int block = in.batch().physicalBlock(seq, 2);
    assertEquals(block, (int) in.blockTable().get(seq, 2));
    assertEquals(in.keyCache().get(block, 1, 2, 5, 3), in.keyAt(seq, 1, pos, 2 * 8 + 3), "seed " + seed);
    assertEquals(in.valueCache().get(block, 0, 9, 5), in.valueAt(seq, 0, pos, 9), "seed " + seed);
  }

  @Test
  void newOutputIsPoisonEverywhere() {
    PagedAttentionInputs in =
        PagedAttentionInputs.generate(small().paddedStrides(true).build(), TestSeeds.fresh());
    ByteBuffer out = in.newOutput(Double.NaN);
    TensorLayout l = in.outputLayout();
    assertEquals(l.allocationBytes(), out.capacity());
    for (long i = 0; i < l.allocationElements(); i++) {
      assertTrue(Double.isNaN(l.dtype().read(out, i)), "element " + i);
    }
    PagedAttentionInputs fp8 =
        PagedAttentionInputs.generate(small().outputScale(1.0).build(), TestSeeds.fresh());
    ByteBuffer o8 = fp8.newOutput(Double.NaN);
    assertEquals(fp8.outputLayout().numel(), o8.capacity());
    assertEquals(0x7f, o8.get(0) & 0x7f, "e4m3 NaN");
  }

  @Test
  void pointerTableRoundTrips() {
    long seed = TestSeeds.fresh();
    PagedAttentionInputs in =
        PagedAttentionInputs.generate(small().paddedStrides(true).blockTablePtr(true).build(), seed);
    long base = 0x7f00_0000_0000L + 512;
    ByteBuffer ptrs = in.blockTableAsPointers(base);
    HostTensor table = in.blockTable();
    assertEquals(table.layout().allocationElements() * 8, ptrs.capacity());
    HostTensor back =
        BlockTablePointers.toIndices(
            HostTensor.wrap(TensorLayout.of(DType.I64, table.shape(), table.strides()), ptrs),
            base,
            in.blockByteStride());
    for (int s = 0; s < in.batch().numSeqs(); s++) {
      for (int j = 0; j < in.batch().tableColumns(); j++) {
        assertEquals(table.get(s, j), back.get(s, j), "seed " + seed);
        long ptr = ptrs.getLong((int) (s * in.blockTableStride() + j) * 8);
        assertEquals(base + (long) table.get(s, j) * in.blockByteStride(), ptr);
      }
    }
  }
}
