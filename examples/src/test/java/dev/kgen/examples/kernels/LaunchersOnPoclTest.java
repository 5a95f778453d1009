package dev.kgen.examples.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.examples.support.Pocl;
import dev.kgen.ir.DType;
import dev.kgen.kernels.norm.RowProblem;
import dev.kgen.kernels.paged.HostTensor;
import dev.kgen.kernels.paged.PagedAttentionCase;
import dev.kgen.kernels.paged.PagedAttentionCheck;
import dev.kgen.kernels.paged.PagedAttentionInputs;
import dev.kgen.kernels.paged.PagedAttentionReport;
import dev.kgen.launch.Buffer;
import dev.kgen.launch.Device;
import dev.kgen.launch.Devices;
import dev.kgen.launch.Grid;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated launchers on PoCL against the DSL's float64 references, on fresh random inputs
 * (the seed is in every failure message), with outputs poisoned with NaN first so that an
 * element left unwritten, or padding or a row written that must not be, fails the check.
 */
class LaunchersOnPoclTest {
  private static Device device;

  @BeforeAll
  static void open() {
    Pocl.require();
    device = Devices.openCl(null);
  }

  @AfterAll
  static void close() {
    if (device != null) {
      device.close();
    }
  }

  private static PagedAttentionCase.Builder shippedGeometry() {
    // the decodeHead128Fp8Sinks declaration: bf16, fp8 e4m3 KV cache, 4 query heads over 2 KV heads of 128, blocks of 16, sinks
    return PagedAttentionCase.builder().name("shipped").qHeads(4).kvHeads(2).headSize(128).blockSize(16)
        .dtype(DType.BF16).kvCacheDtype("fp8_e4m3").sinks(true).numSeqs(5).seqLenRange(1, 150);
  }

  @Test
  void pagedAttentionMatchesTheReference() {
    runPaged(shippedGeometry().build());
  }

  @Test
  void pagedAttentionHonoursEveryStride() {
    runPaged(shippedGeometry().name("shipped, padded strides").paddedStrides(true).build());
  }

  private void runPaged(PagedAttentionCase c) {
    long seed = ThreadLocalRandom.current().nextLong();
    PagedAttentionInputs in = PagedAttentionInputs.generate(c, seed);
    PagedAttentionDecodeLauncher launcher = new PagedAttentionDecodeLauncher(device);
    Buffer output = device.upload(in.newOutput(Double.NaN));
    long[] q = in.queryStrides();
    long[] o = in.outputStrides();
    long[] k = in.keyCacheStrides();
    long[] v = in.valueCacheStrides();
    launcher.decodeHead128Fp8Sinks(Grid.of(in.batch().numSeqs(), c.kvHeads()), output, upload(in.query()),
        upload(in.keyCache()), upload(in.valueCache()), upload(in.sinks()), upload(in.blockTable()),
        upload(in.seqLens()), (float) c.scale(), device.upload(in.kScale()), device.upload(in.vScale()),
        in.blockTableStride(), q[0], q[1], o[0], o[1], k[0], k[1], k[2], k[3], k[4], v[0], v[1], v[2], v[3]);
    ByteBuffer result = in.newOutput(0);
    device.download(output, result);
    PagedAttentionReport report = PagedAttentionCheck.check(in, result, Double.NaN);
    assertTrue(report.passed(), () -> c + " seed " + seed + ": " + report.summary());
  }

  private static Buffer upload(HostTensor t) {
    return device.upload(t.buffer());
  }

  @Test
  void softmaxMatchesTheReferenceInBothSpecializations() {
    RowSoftmaxLauncher softmax = new RowSoftmaxLauncher(device);
    long seed = ThreadLocalRandom.current().nextLong();
    RowProblem wide = new RowProblem(6, 777, DType.BF16, seed);
    double wideError = wide.maxError(wide.softmaxReference(),
        runSoftmax(wide, (out, in) -> softmax.bf16Wide(Grid.of(6), out, in, 777, 780, 780)));
    assertTrue(wideError <= wide.tolerance(), "bf16Wide seed " + seed + ": error " + wideError);
    RowProblem narrow = new RowProblem(9, 128, DType.F32, seed);
    double narrowError = narrow.maxError(narrow.softmaxReference(),
        runSoftmax(narrow, (out, in) -> softmax.fp32Narrow(Grid.of(9), out, in, 128, 131, 131)));
    assertTrue(narrowError <= narrow.tolerance(), "fp32Narrow seed " + seed + ": error " + narrowError);
  }

  private interface Launch {
    void run(Buffer out, Buffer in);
  }

  /** Launches on the problem's input and a NaN output; RowProblem pads its rows to n_cols + 3. */
  private static ByteBuffer runSoftmax(RowProblem p, Launch launch) {
    Buffer out = device.upload(p.poisonedOutput());
    launch.run(out, device.upload(p.input()));
    ByteBuffer result = p.poisonedOutput();
    device.download(out, result);
    return result;
  }

  @Test
  void launchersCheckTheirArgumentsBeforeLaunching() {
    RowSoftmaxLauncher softmax = new RowSoftmaxLauncher(device);
    Buffer in = device.allocate(2048);
    NullPointerException missing = assertThrows(NullPointerException.class,
        () -> softmax.bf16Wide(Grid.of(1), null, in, 1000, 1000, 1000));
    assertEquals("RowSoftmaxLauncher.bf16Wide: out_ptr is null; pass a Buffer of bf16 elements allocated on opencl"
        + " device '" + device.name() + "'", missing.getMessage());
    assertEquals("RowSoftmaxLauncher.bf16Wide: grid is null; pass the programs to launch, e.g. Grid.of(rows)",
        assertThrows(NullPointerException.class, () -> softmax.bf16Wide(null, in, in, 1000, 1000, 1000)).getMessage());
    Buffer oneByte = device.allocate(1);
    assertEquals("RowSoftmaxLauncher.fp32Narrow: in_ptr holds 1 bytes, less than one fp32 element (4 bytes)",
        assertThrows(IllegalArgumentException.class,
            () -> softmax.fp32Narrow(Grid.of(1), in, oneByte, 100, 100, 100)).getMessage());
    assertEquals("device is null; open one with Devices.open(\"auto\")",
        assertThrows(NullPointerException.class, () -> new RowSoftmaxLauncher(null)).getMessage());
  }
}
