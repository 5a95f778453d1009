package dev.kgen.codegen.c;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.ir.Shape;

/**
 * How the elements of a tile are spread over the threads of a program. With {@code T} threads,
 * runs of {@code V} consecutive elements and {@code C} chunks, thread {@code t} owns the
 * row-major elements {@code e = (c*T + t)*V + v} for {@code c < C}, {@code v < V}, held in
 * register slot {@code c*V + v}. {@code V} is the largest power of two up to the vector width
 * that divides the innermost dimension and, for tiles of fewer than {@code T*V} elements, is
 * halved until they fill the threads or {@code V} is 1 (a {@code [16]} row over 128 threads
 * then occupies 16 threads, not 4, and shares the distribution of {@code [16, 1]}); and
 * {@code C = ceil(N / (T*V))}. Slots whose element is {@code >= N} are phantoms: they hold
 * garbage and must not touch memory or reductions.
 *
 * <p>The layout depends only on the shape and the options, so elementwise ops on tiles of one
 * shape need no communication. This is the one class a performance pass changes to pick other
 * distributions.
 *
 * <p>One other distribution exists: the rows of a parent tile's layout ({@link #rowsOf}), for
 * the results of reductions along the innermost axis. Each thread then holds, in slot {@code c},
 * the value of the row its chunk {@code c} of the parent covers, so a row's value is replicated
 * in every lane that holds a piece of the row, and broadcasting it back over the parent needs no
 * communication ({@link ReplicatedRows}).
 */
public final class TileLayout {
  private final int numel;
  private final int threads;
  private final int vector;
  private final int chunks;
  /** Consecutive runs of one element (1 when no element is replicated): a parent's runs per row. */
  private final int runsPerElement;

  private TileLayout(int numel, int threads, int vector, int chunks, int runsPerElement) {
    this.numel = numel;
    this.threads = threads;
    this.vector = vector;
    this.chunks = chunks;
    this.runsPerElement = runsPerElement;
  }

  /** The layout of a non-scalar tile of {@code shape}. */
  public static TileLayout of(Shape shape, CodegenOptions options) {
    if (shape.isScalar()) {
      throw new IllegalArgumentException("scalars have no tile layout: they are uniform per-thread variables");
    }
    int inner = shape.dim(shape.rank() - 1);
    int v = options.vectorWidth();
    while (inner % v != 0) {
      v /= 2;
    }
    int t = options.threadsPerProgram();
    int n = shape.numel();
    while (v > 1 && n < t * v) {
      v /= 2; // a small tile spreads over more threads rather than leave them idle
    }
    int perRound = t * v;
    return new TileLayout(n, t, v, (n + perRound - 1) / perRound, 1);
  }

  /**
   * The rows of {@code parent}, a tile whose innermost axis has {@code rowLength} elements: slot
   * {@code c} of thread {@code t} holds row {@code (c*T + t) / (rowLength/V)}, the row of the
   * parent's run {@code c*T + t}. A row's runs must lie in consecutive threads of one chunk:
   * {@code rowLength/V} is a power of two dividing {@code T}.
   */
  public static TileLayout rowsOf(TileLayout parent, int rowLength) {
    if (parent.runsPerElement != 1 || rowLength % parent.vector != 0 || parent.numel % rowLength != 0) {
      throw new IllegalArgumentException("rows of " + rowLength + " elements do not tile " + parent);
    }
    int runs = rowLength / parent.vector;
    if (Integer.bitCount(runs) != 1 || parent.threads % runs != 0) {
      throw new IllegalArgumentException("a row of " + runs + " runs does not lie in consecutive threads of " + parent);
    }
    return new TileLayout(parent.numel / rowLength, parent.threads, 1, parent.chunks, runs);
  }

  /** Elements in the tile. */
  public int numel() {
    return numel;
  }

  public int threads() {
    return threads;
  }

  /** Consecutive elements per run ({@code V}). */
  public int vector() {
    return vector;
  }

  /** Runs per thread ({@code C}). */
  public int chunks() {
    return chunks;
  }

  /** Register slots per thread ({@code C*V}): the length of the per-thread array. */
  public int slots() {
    return chunks * vector;
  }

  /** Whether some slots of some threads lie past the end of the tile. */
  public boolean hasPhantoms() {
    return (long) chunks * threads * vector / runsPerElement > numel;
  }

  /** Whether several threads hold each element ({@link #rowsOf}). */
  public boolean replicated() {
    return runsPerElement > 1;
  }

  /** How many consecutive threads hold each element: 1 unless {@link #replicated}. */
  public int replicas() {
    return runsPerElement;
  }

  /** The element held in {@code slot} by thread {@code thread}; may be {@code >= numel()}. */
  public int element(int thread, int slot) {
    if (runsPerElement > 1) {
      return (slot * threads + thread) / runsPerElement;
    }
    return ((slot / vector) * threads + thread) * vector + slot % vector;
  }

  /** Whether both layouts put every element index in the same thread and slot. */
  public boolean sameDistribution(TileLayout o) {
    return numel == o.numel && threads == o.threads && vector == o.vector && runsPerElement == o.runsPerElement;
  }

  /**
   * A C condition that holds in one thread of each element's replicas (the first), or null
   * when no element is replicated.
   */
  public String firstReplicaCondition(String tid) {
    return runsPerElement == 1 ? null : "(" + tid + " & " + (runsPerElement - 1) + ") == 0";
  }

  /** A C expression for the element held in {@code slot} by thread {@code tid}. */
  public String elementExpr(String slot, String tid) {
    if (runsPerElement > 1) {
      return chunks == 1 ? tid + " / " + runsPerElement : "(" + slot + " * " + threads + " + " + tid + ") / " + runsPerElement;
    }
    if (chunks == 1 && vector == 1) {
      return tid;
    }
    if (chunks == 1) {
      return tid + " * " + vector + " + " + slot;
    }
    if (vector == 1) {
      return slot + " * " + threads + " + " + tid;
    }
    return "(" + slot + " / " + vector + " * " + threads + " + " + tid + ") * " + vector + " + " + slot + " % " + vector;
  }

  @Override
  public String toString() {
    return "TileLayout[numel=" + numel + ", threads=" + threads + ", vector=" + vector + ", chunks=" + chunks
        + (runsPerElement > 1 ? ", replicas=" + runsPerElement : "") + "]";
  }
}
