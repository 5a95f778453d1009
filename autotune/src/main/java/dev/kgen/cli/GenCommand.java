package dev.kgen.cli;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.codegen.jvm.JavaEmitter;
import dev.kgen.codegen.jvm.JavaSource;
import dev.kgen.codegen.opencl.NvidiaOpenClEmitter;
import dev.kgen.codegen.opencl.OpenClEmitter;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.passes.ScalarBinding;
import dev.kgen.kernels.paged.PagedAttentionCase;
import dev.kgen.kernels.paged.PagedAttentionKernel;
import dev.kgen.kernels.paged.PagedAttentionSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kgen gen paged-attention}: the generated source of one specialization. */
@Command(name = "gen", header = "Print the generated source of a paged-attention specialization.")
final class GenCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private PagedAttentionShapeOptions shape;

  @Option(names = "--lang", paramLabel = "LANG", defaultValue = "cuda",
      description = "cuda, opencl, opencl-nvidia (OpenCL C with NVIDIA's inline PTX), java or ir (default: ${DEFAULT-VALUE}).")
  String lang;

  @Option(names = "--out", paramLabel = "DIR", description = "Write the file into this directory instead of printing it.")
  Path outDir;

  @Option(names = "--tile", paramLabel = "N", description = "Tokens per loop iteration (default: the block, or 32 for blocks that are not a power of two).")
  Integer tile;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "128", description = "Threads per program (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--vec", paramLabel = "N", defaultValue = "4", description = "Vector width (default: ${DEFAULT-VALUE}).")
  int vec;

  @Option(names = "--copy-stages", paramLabel = "N", defaultValue = "1",
      description = "Buffers per tile copied asynchronously into shared memory (CUDA): 2 starts the next iteration's copies before computing on the current one's (default: ${DEFAULT-VALUE}).")
  int copyStages;

  @Option(names = "--partition-tiles", paramLabel = "N", defaultValue = "0",
      description = "Split-KV: tiles per partition of a sequence; the partition pass's source is followed by the reduce kernel's (with --out, a second file). 0 is one pass (default: ${DEFAULT-VALUE}).")
  int partitionTiles;

  @Option(names = "--merge-in-pass",
      description = "Split-KV: the last partition of each sequence and KV head to finish merges the partitions, in the pass; no reduce kernel.")
  boolean mergeInPass;

  @Option(names = "--generic-strides",
      description = "Keep the cache strides as run-time arguments; by default they are bound to those of caches with no gaps, as a launch binds its caches' strides.")
  boolean genericStrides;

  @Override
  public Integer call() throws IOException {
    if (copyStages != 1 && copyStages != 2) {
      throw new KgenUserException("--copy-stages must be 1 or 2, got " + copyStages);
    }
    if (partitionTiles < 0) {
      throw new KgenUserException("--partition-tiles must be 0 (one pass) or a number of tiles, got " + partitionTiles);
    }
    if (mergeInPass && partitionTiles == 0) {
      throw new KgenUserException("--merge-in-pass needs a split: give --partition-tiles N with N > 0");
    }
    PagedAttentionCase c = shape.toCase();
    PagedAttentionSpec s = new PagedAttentionSpec(c.dtype(), c.cacheDType(), c.outputDType(), c.qHeads(), c.kvHeads(),
        c.headSize(), c.blockSize(), c.x(), c.alibi(), c.window(), c.sinks(), true,
        tile != null ? tile : PagedAttentionSpec.defaultTile(c.blockSize()));
    Map<String, Object> constexprs = new HashMap<>(s.constexprs());
    constexprs.put("PARTITION_TILES", partitionTiles);
    constexprs.put("MERGE_IN_PASS", mergeInPass);
    Kernel k = PagedAttentionKernel.DEF.specialize(constexprs);
    if (!genericStrides) {
      k = new ScalarBinding(s.contiguousCacheStrides()).apply(k);
    }
    CodegenOptions options = new CodegenOptions(threads, vec, copyStages);
    List<Source> sources = new ArrayList<>(List.of(source(k, options)));
    if (partitionTiles > 0 && !mergeInPass) {
      sources.add(source(PagedAttentionKernel.reduceFor(constexprs), options));
    }
    PrintWriter out = spec.commandLine().getOut();
    for (int i = 0; i < sources.size(); i++) {
      Source src = sources.get(i);
      if (outDir == null) {
        out.print((i > 0 ? "\n" : "") + src.text());
      } else {
        Files.createDirectories(outDir);
        Path target = outDir.resolve(src.file());
        Files.writeString(target, src.text());
        out.println("wrote " + target);
      }
    }
    return ExitCodes.OK;
  }

  /** The text of {@code k} in the chosen language, and the name of its file. */
  private record Source(String text, String file) {}

  private Source source(Kernel k, CodegenOptions options) {
    String stem = k.name() + "_" + k.contentHash().substring(0, 12);
    switch (lang) {
      case "cuda":
        return new Source(CudaEmitter.emit(k, options).source(), stem + ".cu");
      case "opencl":
        return new Source(OpenClEmitter.emit(k, options).source(), stem + ".cl");
      case "opencl-nvidia":
        return new Source(NvidiaOpenClEmitter.emit(k, options).source(), stem + ".nv.cl");
      case "java": {
        JavaSource j = new JavaEmitter().emit(k);
        return new Source(j.text(), j.simpleName() + ".java");
      }
      case "ir":
        return new Source(k.print(), stem + ".kir");
      default:
        throw new KgenUserException("unknown --lang '" + lang + "': expected cuda, opencl, opencl-nvidia, java or ir");
    }
  }
}
