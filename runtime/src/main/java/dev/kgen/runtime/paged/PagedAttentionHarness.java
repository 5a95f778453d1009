package dev.kgen.runtime.paged;

import dev.kgen.ir.DType;
import dev.kgen.kernels.paged.HostTensor;
import dev.kgen.kernels.paged.PagedAttentionCase;
import dev.kgen.kernels.paged.PagedAttentionCheck;
import dev.kgen.kernels.paged.PagedAttentionInputs;
import dev.kgen.kernels.paged.PagedAttentionReport;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.DeviceBuffer;
import dev.kgen.runtime.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated paged-attention case living on a backend: its inputs uploaded, an output
 * poisoned with NaN, and the entry point's arguments built the way a user would build them.
 * Tests, benchmarks and the tuner's correctness check run cases through it.
 */
public final class PagedAttentionHarness implements AutoCloseable {
  public static final double POISON = Double.NaN;

  private final Backend backend;
  private final PagedAttentionInputs inputs;
  private final List<DeviceBuffer> owned = new ArrayList<>();
  private final DeviceBuffer output;
  private final PagedAttentionArgs args;

  public PagedAttentionHarness(Backend backend, PagedAttentionInputs inputs) {
    this.backend = backend;
    this.inputs = inputs;
    PagedAttentionCase c = inputs.testCase();
    this.output = upload(inputs.newOutput(POISON));
    Tensor keyCache = tensor(inputs.keyCache());
    PagedAttentionArgs.Builder b = PagedAttentionArgs.builder()
        .query(tensor(inputs.query()))
        .output(new Tensor(output, inputs.outputLayout().dtype(), inputs.outputLayout().shape(), inputs.outputLayout().strides()))
        .kvCacheDtype(c.kvCacheDtype().jsonName())
        .keyCache(keyCache)
        .valueCache(tensor(inputs.valueCache()))
        .queryStartLoc(tensor(inputs.queryStartLoc()))
        .seqLens(tensor(inputs.seqLens()))
        .maxSeqLen(inputs.batch().maxSeqLen())
        .kScale(scalar(inputs.kScale()))
        .vScale(scalar(inputs.vScale()))
        .slidingWindow(c.window())
        .smScale(c.explicitScale())
        .isBlockTablePtr(c.blockTablePtr());
    if (c.blockTablePtr()) {
      HostTensor indices = inputs.blockTable();
      ByteBuffer pointers = inputs.blockTableAsPointers(backend.address(keyCache.buffer()));
      b.blockTable(new Tensor(upload(pointers), DType.I64, indices.shape(), indices.strides()));
    } else {
      b.blockTable(tensor(inputs.blockTable()));
    }
    if (inputs.sinks() != null) {
      b.sinks(tensor(inputs.sinks()));
    }
    if (inputs.alibiSlopes() != null) {
      b.alibiSlopes(tensor(inputs.alibiSlopes()));
    }
    if (c.fp8Output()) {
      ByteBuffer s = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      s.putFloat(0, c.outputScale().floatValue());
      b.outputScale(scalar(s));
    }
    this.args = b.build();
  }

  private DeviceBuffer upload(ByteBuffer host) {
    DeviceBuffer d = backend.upload(host);
    owned.add(d);
    return d;
  }

  private Tensor tensor(HostTensor t) {
    return new Tensor(upload(t.buffer()), t.dtype(), t.shape(), t.strides());
  }

  private Tensor scalar(ByteBuffer oneFloat) {
    return new Tensor(upload(oneFloat), DType.F32, new long[] {1}, new long[] {1});
  }

  public PagedAttentionInputs inputs() {
    return inputs;
  }

  public PagedAttentionArgs args() {
    return args;
  }

  /** Sets every output element back to the poison. */
  public void poisonOutput() {
    backend.upload(output, inputs.newOutput(POISON));
  }

  /** Downloads the output and compares it with the float64 reference. */
  public PagedAttentionReport check() {
    backend.synchronize();
    ByteBuffer out = inputs.newOutput(POISON);
    backend.download(output, out);
    return PagedAttentionCheck.check(inputs, out, POISON);
  }

  @Override
  public void close() {
    owned.forEach(DeviceBuffer::close);
  }
}
