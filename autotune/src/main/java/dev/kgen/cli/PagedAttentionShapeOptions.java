package dev.kgen.cli;

import dev.kgen.ir.DType;
import dev.kgen.kernels.paged.PagedAttentionCase;
import picocli.CommandLine.Option;

/**
 * The shape of a paged-attention problem as command-line options, shared by {@code tune} and
 * {@code gen}; the names follow the public cases file's fields.
 */
public final class PagedAttentionShapeOptions {
  @Option(names = "--head-size", paramLabel = "N", defaultValue = "128", description = "Head size (default: ${DEFAULT-VALUE}).")
  int headSize;

  @Option(names = "--block-size", paramLabel = "N", defaultValue = "16",
      description = "Tokens per physical KV-cache block, any size (default: ${DEFAULT-VALUE}).")
  int blockSize;

  @Option(names = "--query-heads", paramLabel = "N", defaultValue = "32", description = "Query heads (default: ${DEFAULT-VALUE}).")
  int queryHeads;

  @Option(names = "--kv-heads", paramLabel = "N", defaultValue = "8", description = "KV heads (default: ${DEFAULT-VALUE}).")
  int kvHeads;

  @Option(names = "--dtype", paramLabel = "DTYPE", defaultValue = "bf16",
      description = "Query and output dtype: bf16 or fp16 (default: ${DEFAULT-VALUE}).")
  String dtype;

  @Option(names = "--kv-cache-dtype", paramLabel = "DTYPE", defaultValue = "auto",
      description = "KV-cache dtype: auto, fp8, fp8_e4m3 or fp8_e5m2 (default: ${DEFAULT-VALUE}).")
  String kvCacheDtype;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "8", description = "Sequences in the batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--seq-len", paramLabel = "N", defaultValue = "1024", description = "Tokens of context per sequence (default: ${DEFAULT-VALUE}).")
  int seqLen;

  @Option(names = "--sinks", description = "Attention sinks, one logit per query head.")
  boolean sinks;

  @Option(names = "--alibi", description = "ALiBi slopes, one per query head.")
  boolean alibi;

  @Option(names = "--window", paramLabel = "N", defaultValue = "0", description = "Sliding window in tokens; 0 or negative is off, as in vLLM (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--fp8-output", description = "Store the output as fp8 e4m3 with an output scale.")
  boolean fp8Output;

  /** The problem these options describe; a bad combination throws with a one-line message. */
  public PagedAttentionCase toCase() {
    DType d;
    switch (dtype) {
      case "bf16":
        d = DType.BF16;
        break;
      case "fp16":
        d = DType.F16;
        break;
      default:
        throw new KgenUserException("unknown --dtype '" + dtype + "': expected bf16 or fp16");
    }
    return PagedAttentionCase.builder()
        .name("cli")
        .numSeqs(batch)
        .qHeads(queryHeads)
        .kvHeads(kvHeads)
        .headSize(headSize)
        .blockSize(blockSize)
        .seqLen(seqLen)
        .dtype(d)
        .kvCacheDtype(kvCacheDtype)
        .sinks(sinks)
        .alibi(alibi)
        .window(window)
        .outputScale(fp8Output ? 0.05 : null)
        .build();
  }
}
