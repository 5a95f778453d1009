package dev.kgen.codegen.c;

import dev.kgen.codegen.PagedSpecs;
import dev.kgen.dsl.KernelBuilder;
import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.passes.ScalarBinding;
import dev.kgen.kernels.paged.PagedAttentionKernel;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the tests of asynchronous copies share: the kernels they emit, and counting in a source. */
final class CopiedTiles {
  private CopiedTiles() {}

  /** Paged attention with bf16 queries, a {@code kv} cache, GQA 4 and tiles of {@code tile} tokens. */
  static Kernel paged(int head, int tile, DType kv) {
    Map<String, Object> m = new TreeMap<>(new PagedSpecs(head, 16, 4, DType.BF16, kv, false, false, 0, false, true)
        .constexprs());
    m.put("BLOCK_SIZE", tile);
    return PagedAttentionKernel.DEF.specialize(m);
  }

  /** {@link #paged} with the strides of caches without gaps bound, as a launch binds them. */
  static Kernel pagedBound(int head, int tile, DType kv) {
    return new ScalarBinding(PagedSpecs.contiguousStrides(head, 16, 8, kv)).apply(paged(head, tile, kv));
  }

  /** How often {@code what} occurs in {@code src}. */
  static int count(String src, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(src);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** What the body of {@link #loopDot} does besides its dots. */
  enum Extra { NONE, CARRIED_OFFSET, STORE, RETURN, SUM }

  /**
   * {@code acc += a @ trans(x_i)} over {@code tiles} loaded tiles x_i of 64 x 128 bf16 an
   * iteration, at {@code j * tiles * 8192}, and {@code extra}: the offset carried by the loop
   * instead; a store of the sum in the body; a return from it when the carried offset is negative; or each
   * x_i's sums over its rows added too (a second use of the tile).
   */
  static Kernel loopDot(int tiles, Extra extra) {
    return KernelDef.builder("loop_dot").body(b -> {
      Tile xp = b.pointer("x", DType.BF16);
      Tile out = b.pointer("out", DType.F32);
      Tile rows = b.arange(0, 16);
      Tile cols = b.arange(0, 128);
      Tile a = b.load(xp.add(rows.col().mul(128)).add(cols.row()));
      Tile tile = b.arange(0, 64).col().mul(128).add(cols.row());
      Tile result = rows.col().mul(64).add(b.arange(0, 64).row());
      List<Tile> inits = List.of(b.zeros(new int[] {16, 64}, DType.F32), b.full(new int[0], 0, DType.I32));
      List<Tile> r = b.forRange(0, b.scalar("steps", DType.I32), inits, (j, c) -> {
        Tile at = extra == Extra.CARRIED_OFFSET ? c.get(1) : j.mul(tiles * 8192);
        Tile next = c.get(0);
        for (int i = 0; i < tiles; i++) {
          Tile x = b.load(xp.add(at).add(i * 8192).add(tile));
          next = next.add(b.dot(a, x.trans()));
          if (extra == Extra.SUM) {
            next = next.add(x.to(DType.F32).sum(1).row());
          }
        }
        if (extra == Extra.STORE) {
          b.store(out.add(result), next);
        }
        if (extra == Extra.RETURN) {
          b.ifThen(c.get(1).lt(0), b::ret);
        }
        return List.of(next, c.get(1).add(tiles * 8192));
      });
      b.store(out.add(result), r.get(0));
    }).build().specialize(Map.of());
  }

  /**
   * What {@link #tileDot}'s callbacks see: the builder, the scalar parameter {@code s}, the
   * pointer {@code scales} (fp32) and the offsets of a 64 x 128 tile.
   */
  record DotParts(KernelBuilder b, Tile s, Tile scales, Tile tile) {}

  /**
   * {@code acc += product(a @ trans(operand(x_j)))} over tiles x_j of 64 x 128 {@code xType}
   * elements at {@code j * 8192}, with a 16 x 128 tile a loaded as {@code aType} and cast to
   * {@code aDot}.
   */
  static Kernel tileDot(String name, DType aType, DType aDot, DType xType, Function<DotParts, Function<Tile, Tile>> operand,
      Function<DotParts, Function<Tile, Tile>> product) {
    return KernelDef.builder(name).body(b -> {
      Tile ap = b.pointer("a", aType);
      Tile xp = b.pointer("x", xType);
      Tile sp = b.pointer("scales", DType.F32);
      Tile out = b.pointer("out", DType.F32);
      Tile s = b.scalar("s", DType.F32);
      Tile rows = b.arange(0, 16);
      Tile cols = b.arange(0, 128);
      Tile a = b.load(ap.add(rows.col().mul(128)).add(cols.row()));
      Tile tile = b.arange(0, 64).col().mul(128).add(cols.row());
      Tile result = rows.col().mul(64).add(b.arange(0, 64).row());
      DotParts parts = new DotParts(b, s, sp, tile);
      Tile aCast = aType == aDot ? a : a.to(aDot);
      List<Tile> r = b.forRange(0, b.scalar("steps", DType.I32), List.of(b.zeros(new int[] {16, 64}, DType.F32)),
          (j, c) -> {
            Tile x = b.load(xp.add(j.mul(8192)).add(tile));
            Tile d = b.dot(aCast, operand.apply(parts).apply(x).trans());
            return List.of(c.get(0).add(product.apply(parts).apply(d)));
          });
      b.store(out.add(result), r.get(0));
    }).build().specialize(Map.of());
  }
}
