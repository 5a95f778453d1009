package dev.kgen.codegen;

import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Param;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Arguments for a paged-attention launch: random queries and caches in the specialization's
 * dtypes, shuffled block tables, and query lengths that make one sequence a prefill chunk
 * (skipped when filter_by_query_len is on). The output starts filled with a sentinel.
 */
public final class PagedInputs {
  public final List<Object> args;
  public final int[] grid;
  public final int outputIndex;
  public final DType outputType;

  public PagedInputs(PagedSpecs s, Kernel k, long seed, int[] seqLens) {
    Random rnd = new Random(seed);
    Map<String, Object> c = s.constexprs();
    int h = s.headSize();
    int queryHeads = (Integer) c.get("num_query_heads");
    int kvHeads = queryHeads / s.queriesPerKv();
    int pb = s.physicalBlock();
    int x = (Integer) c.get("x");
    int seqs = seqLens.length;
    int[] starts = new int[seqs + 1];
    for (int i = 0; i < seqs; i++) {
      starts[i + 1] = starts[i] + (i == 1 ? 2 : 1);
    }
    int tokens = starts[seqs];
    int maxBlocks = 0;
    int totalBlocks = 2;
    for (int len : seqLens) {
      maxBlocks = Math.max(maxBlocks, (len + pb - 1) / pb);
      totalBlocks += (len + pb - 1) / pb;
    }
    List<Integer> physical = new ArrayList<>();
    for (int i = 0; i < totalBlocks; i++) {
      physical.add(i);
    }
    Collections.shuffle(physical, rnd);
    DType kv = s.kvType();
    DType out = (DType) c.get("OUT_DTYPE");
    Map<String, Object> a = new HashMap<>();
    a.put("query_ptr", random(s.qType(), tokens * queryHeads * h, rnd, 1.0));
    a.put("key_cache_ptr", random(kv, totalBlocks * kvHeads * h * pb, rnd, 2.0));
    a.put("value_cache_ptr", random(kv, totalBlocks * kvHeads * h * pb, rnd, 2.0));
    a.put("sink_ptr", random(DType.F32, queryHeads, rnd, 1.0));
    a.put("alibi_slopes_ptr", random(DType.F32, queryHeads, rnd, 0.5));
    ByteBuffer tables = PoclRunner.buffer(4 * seqs * Math.max(maxBlocks, 1));
    int next = 0;
    for (int i = 0; i < seqs; i++) {
      for (int j = 0; j < (seqLens[i] + pb - 1) / pb; j++) {
        tables.putInt(4 * (i * maxBlocks + j), physical.get(next++));
      }
    }
    a.put("block_tables_ptr", tables);
    a.put("seq_lens_ptr", ints(seqLens));
    a.put("query_start_len_ptr", ints(starts));
    a.put("scale", (float) (1 / Math.sqrt(h)));
    a.put("k_scale", floats(0.5f));
    a.put("v_scale", floats(0.25f));
    a.put("out_scale_inv", floats(2.0f));
    a.put("block_table_stride", (long) maxBlocks);
    a.put("query_stride_0", (long) queryHeads * h);
    a.put("query_stride_1", (long) h);
    a.put("output_stride_0", (long) queryHeads * h);
    a.put("output_stride_1", (long) h);
    long[] ks = {(long) kvHeads * h * pb, (long) h * pb, (long) pb * x, x, 1};
    long[] vs = {(long) kvHeads * h * pb, (long) h * pb, pb, 1};
    for (int i = 0; i < 5; i++) {
      a.put("stride_k_cache_" + i, ks[i]);
    }
    for (int i = 0; i < 4; i++) {
      a.put("stride_v_cache_" + i, vs[i]);
    }
    ByteBuffer output = PoclRunner.buffer(out.bytes() * tokens * queryHeads * h);
    for (int i = 0; i < tokens * queryHeads * h; i++) {
      out.write(output, i, -3.0);
    }
    a.put("output_ptr", output);
    this.args = new ArrayList<>();
    int outIdx = -1;
    for (Param p : k.params()) {
      if (!a.containsKey(p.name())) {
        throw new IllegalStateException("no input for parameter " + p.name());
      }
      if (p.name().equals("output_ptr")) {
        outIdx = args.size();
      }
      args.add(a.get(p.name()));
    }
    this.outputIndex = outIdx;
    this.outputType = out;
    this.grid = new int[] {seqs, kvHeads, 1};
  }

  /** A deep copy of the arguments (buffers copied), for a second run on the same inputs. */
  public List<Object> copyArgs() {
    List<Object> c = new ArrayList<>();
    for (Object o : args) {
      c.add(o instanceof ByteBuffer b ? PoclRunner.copy(b) : o);
    }
    return c;
  }

  static ByteBuffer random(DType d, int n, Random rnd, double range) {
    ByteBuffer b = PoclRunner.buffer(d.bytes() * n);
    for (int i = 0; i < n; i++) {
      d.write(b, i, (rnd.nextDouble() * 2 - 1) * range);
    }
    return b;
  }

  static ByteBuffer ints(int... v) {
    ByteBuffer b = PoclRunner.buffer(4 * v.length);
    for (int i = 0; i < v.length; i++) {
      b.putInt(4 * i, v[i]);
    }
    return b;
  }

  static ByteBuffer floats(float... v) {
    ByteBuffer b = PoclRunner.buffer(4 * v.length);
    for (int i = 0; i < v.length; i++) {
      b.putFloat(4 * i, v[i]);
    }
    return b;
  }
}
