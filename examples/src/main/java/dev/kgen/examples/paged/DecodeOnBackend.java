package dev.kgen.examples.paged;

import dev.kgen.ir.DType;
import dev.kgen.launch.ElementType;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.DeviceBuffer;
import dev.kgen.runtime.Tensor;
import dev.kgen.runtime.paged.PagedAttentionArgs;
import java.nio.ByteBuffer;

/**
 * A {@link DecodeStep} uploaded to a run-time backend, as the arguments of {@link
 * dev.kgen.runtime.paged.PagedAttention}: tensors named and shaped as vLLM's wrapper takes them,
 * and an output poisoned with NaN so an element the kernel misses shows up in the check.
 * Closing the backend frees the buffers.
 */
final class DecodeOnBackend {
  private final Backend backend;
  private final DecodeStep step;
  private final DeviceBuffer output;
  private final PagedAttentionArgs args;

  DecodeOnBackend(Backend backend, DecodeStep step) {
    this.backend = backend;
    this.step = step;
    PagedKvCache cache = step.cache();
    int[] seqs = step.seqs();
    long[] q = {seqs.length, DecodeStep.QUERY_HEADS, DecodeStep.HEAD_SIZE};
    this.output = backend.upload(poisoned());
    ByteBuffer queryStart = ElementType.I32.allocate(seqs.length + 1);
    for (int i = 0; i <= seqs.length; i++) {
      queryStart.putInt(i * 4, i); // one query token per sequence: a decode step
    }
    this.args = PagedAttentionArgs.builder()
        .query(Tensor.contiguous(backend.upload(step.query()), DType.BF16, q))
        .output(Tensor.contiguous(output, DType.BF16, q))
        .kvCacheDtype("fp8_e4m3")
        .keyCache(new Tensor(backend.upload(cache.keyCache()), DType.FP8E4M3, cache.keyShape(), cache.keyStrides()))
        .valueCache(new Tensor(backend.upload(cache.valueCache()), DType.FP8E4M3, cache.valueShape(), cache.valueStrides()))
        .blockTable(Tensor.contiguous(backend.upload(cache.blockTable(seqs)), DType.I32, seqs.length, cache.tableColumns(seqs)))
        .seqLens(Tensor.contiguous(backend.upload(cache.seqLens(seqs)), DType.I32, seqs.length))
        .queryStartLoc(Tensor.contiguous(backend.upload(queryStart), DType.I32, seqs.length + 1))
        .maxSeqLen(step.maxSeqLen())
        .kScale(scalar(cache.kScale()))
        .vScale(scalar(cache.vScale()))
        .sinks(Tensor.contiguous(backend.upload(step.sinks()), DType.F32, DecodeStep.QUERY_HEADS))
        .build();
  }

  private ByteBuffer poisoned() {
    return DecodeStep.QUERY_TYPE.allocate(step.queryElements(), Double.NaN);
  }

  private Tensor scalar(float value) {
    ByteBuffer b = ElementType.FP32.allocate(1);
    b.putFloat(0, value);
    return Tensor.contiguous(backend.upload(b), DType.F32, 1);
  }

  PagedAttentionArgs args() {
    return args;
  }

  /** Sets the output back to NaN. */
  void poisonOutput() {
    backend.upload(output, poisoned());
  }

  /** Waits for the backend and downloads the output. */
  ByteBuffer output() {
    backend.synchronize();
    ByteBuffer result = DecodeStep.QUERY_TYPE.allocate(step.queryElements());
    backend.download(output, result);
    return result;
  }
}
