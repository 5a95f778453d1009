package dev.kgen.codegen.c;

import dev.kgen.ir.DType;
import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code dot} of fp16 or bf16 tiles on tensor cores, for dialects that have them. Both operands
 * are staged through shared memory as 16-bit bits (exact: the registers hold values of the
 * operand dtype), A row-major and B transposed so that each row of an 8x8 operand matrix is 16
 * consecutive bytes ({@code ldmatrix}) and every operand register one aligned 32-bit read; rows
 * are padded against bank conflicts (see the paddings below). The warps compute 16x8 tiles of
 * the fp32 result (the helper {@link Helper#MMA_BF16} / {@link Helper#MMA_FP16},
 * {@link TensorCoreProductHelper}) into shared memory, from which
 * every thread reads the elements its layout owns. Three barriers, against two for the scalar
 * lowering, but a 16x16x16 block costs one instruction per warp instead of 4096 FMAs and 8192
 * shared reads spread over the program.
 */
final class TensorCoreDot {
  /**
   * Elements added to every staged row of A (8 x 2 bytes = 4 banks: the eight row groups of a
   * warp's operand reads fall in different banks).
   */
  static final int A_PADDING = 8;
  /**
   * Elements added to every staged row of B transposed when the threads write consecutive
   * columns of B (consecutive rows here): rows of an odd number of 32-bit words, in different
   * banks. When B is the transpose of a tile, that tile's rows are written as they are
   * (contiguous) and B's rows take {@link #A_PADDING}, which suits the operand reads.
   */
  static final int B_PADDING = 2;
  /** Floats added to every row of the result: with 8-byte stores each half-warp is conflict-free. */
  static final int C_PADDING = 8;
  /** The widest shared-memory access of a run: a staged store of its bits, a read of its results. */
  private static final int MAX_STORE_BYTES = 16;
  private final LoweringContext cx;
  /** The op defining a value (null for parameters, block arguments or when unknown). */
  private final Function<Value, Op> definitions;
  private final KnownZeros zeros;

  TensorCoreDot(LoweringContext cx, Function<Value, Op> definitions) {
    this.zeros = new KnownZeros(definitions);
    this.cx = cx;
    this.definitions = definitions;
  }

  /** Whether {@code o} can run on tensor cores in this dialect with these options. */
  boolean applies(Op.Dot o) {
    return fits(o, copiedB(o));
  }

  /**
   * {@link #applies} where B will be copied into shared memory by its load: what the copies of
   * a loop are planned for, before they exist. A B operand that is then not copied is staged,
   * and the dot must fit with it ({@link #applies}).
   */
  boolean appliesIfBIsCopied(Op.Dot o) {
    return fits(o, true);
  }

  /** Whether {@code o} runs on tensor cores with what it stages itself: A unless held, B unless copied, C. */
  private boolean fits(Op.Dot o, boolean bCopied) {
    DType d = o.a().dtype();
    if (!cx.dialect.hasTensorCoreDot() || o.b().dtype() != d || (d != DType.BF16 && d != DType.F16)
        || o.result().dtype() != DType.F32 || cx.options.threadsPerProgram() % 32 != 0) {
      return false;
    }
    int m = o.a().shape().dim(0);
    int k = o.a().shape().dim(1);
    int n = o.b().shape().dim(1);
    int staged = (cx.hoistedCopy(o.a()) != null ? 0 : heldBytes(m, k)) + (bCopied ? resultBytes(m, n) : bAndCBytes(k, n, m));
    return m % 16 == 0 && n % 8 == 0 && k % 16 == 0 && staged <= LoweringContext.DOT_BUDGET;
  }

  /** Whether B is {@code trans(x)} with {@code x} copied into shared memory by its load. */
  private boolean copiedB(Op.Dot o) {
    return definitions.apply(o.b()) instanceof Op.Trans t && cx.copies.buffer(t.x()) != null;
  }

  private static int heldBytes(int m, int k) {
    return m * (k + A_PADDING) * 2;
  }

  private static int bAndCBytes(int k, int n, int m) {
    return n * (k + Math.max(A_PADDING, B_PADDING)) * 2 + resultBytes(m, n);
  }

  /** The fp32 result, rows padded by {@link #C_PADDING}. */
  private static int resultBytes(int m, int n) {
    return m * (n + C_PADDING) * 4;
  }

  /**
   * The 16 bits of {@code x}, a register holding a value of {@code d} exactly: bf16 is the high
   * half of the fp32 (NaNs too: the hardware's NaN is 0x7fffffff), fp16 goes through the
   * encoding helper.
   */
  private String bits(DType d, String x) {
    if (d == DType.BF16) {
      return "(" + cx.dialect.storageType(d) + ")(" + cx.apply(Fn.FLOAT_AS_UINT, DType.F32, x) + " >> 16)";
    }
    return cx.helpers.use(Helper.encode(d)) + "(" + x + ")";
  }

  /**
   * Stages, ahead of {@code loop}, the A operand of every tensor-core dot in its body that is
   * defined before the loop (the query tile of paged attention): the copy is made once and
   * the bytes stay held until {@link #endLoop}. No barrier is needed here: the dot's own
   * barrier after staging B orders it.
   */
  List<Value> beginLoop(Op.For loop) {
    List<Value> held = new ArrayList<>();
    for (Op op : loop.body().ops()) {
      if (op instanceof Op.Dot o && applies(o) && cx.isDefined(o.a()) && cx.hoistedCopy(o.a()) == null) {
        int m = o.a().shape().dim(0);
        int k = o.a().shape().dim(1);
        int bytes = (heldBytes(m, k) + 15) / 16 * 16;
        String what = "loop-invariant dot operand " + o.a().type();
        if (cx.sharedBase() + bytes + bAndCBytes(k, o.b().shape().dim(1), m) > LoweringContext.DOT_BUDGET) {
          continue;
        }
        int offset = cx.holdShared(bytes, what);
        String name = "kgen_held" + offset;
        DType d = o.a().dtype();
        cx.sharedView(name, cx.dialect.storageType(d), offset);
        stageRows(name, o.a(), cx.get(o.a()), k + A_PADDING);
        cx.hoisted(o.a(), name);
        held.add(o.a());
      }
    }
    held.addAll(cx.copies.plan(loop, this::appliesIfBIsCopied, definitions));
    return held;
  }

  /**
   * Every thread writes its elements of the 2-D tile {@code v} (C form {@code src}) as 16-bit
   * bits into {@code buf}, row-major with rows of {@code rowLength} elements.
   */
  private void stageRows(String buf, Value v, CValue src, int rowLength) {
    int cols = v.shape().dim(1);
    String slot = LoweringContext.SLOT;
    TileLayout l = cx.layout(v);
    int w = Math.min(l.vector(), MAX_STORE_BYTES / 2);
    // Pairs (4-byte stores) only beside wider runs: measured on paged attention (sm_90), a kernel
    // whose every run is a pair kept 158 registers instead of 128 with them, while at VEC=4 and 8
    // the pairs of the small tiles saved 8 to 17
    boolean pairs = cx.options.vectorWidth() >= 4;
    if (src instanceof CValue.Tile && (w >= 4 || w == 2 && pairs) && !l.hasPhantoms() && rowLength % w == 0
        && cx.dialect.vectorLoadType(2 * w) != null) {
      stageRuns(buf, v, src, cols, rowLength, l, w);
      return;
    }
    cx.guardedSlotLoop(l, null, e -> buf + "[" + e + " / " + cols + " * " + rowLength + " + " + e + " % " + cols
        + "] = " + bits(v.dtype(), src.at(slot)) + ";");
  }

  /**
   * {@link #stageRows} one store per piece of {@code w} elements of a run. A run is {@code V}
   * consecutive elements of one row, so its staged elements are consecutive too, and aligned to
   * {@code 2w} bytes: the row length and the run's first column are multiples of {@code w} and
   * every staging region starts 16-byte aligned. The 16-bit bits are packed two to a word, low
   * element first; for bf16 loaded by {@link VectorizedLoad} the C compiler folds the decode and
   * this packing back into the loaded words.
   */
  private void stageRuns(String buf, Value v, CValue src, int cols, int rowLength, TileLayout l, int w) {
    String vt = cx.dialect.vectorLoadType(2 * w);
    String r = LoweringContext.SLOT;
    String e = LoweringContext.ELEMENT;
    List<String> words = new ArrayList<>();
    for (int k = 0; k < w; k += 2) {
      words.add("(unsigned int)" + bits(v.dtype(), src.at(r + " + " + k)) + " | ((unsigned int)"
          + bits(v.dtype(), src.at(r + " + " + (k + 1))) + " << 16)");
    }
    forEachRunPiece(l, w, "*(" + cx.dialect.sharedPointerType(vt) + ")(" + buf + " + " + e + " / " + cols + " * " + rowLength + " + " + e + " % " + cols
        + ") = " + cx.dialect.vectorOf(words) + ";");
  }

  /**
   * Reads this thread's elements of the fp32 result from {@code kgen_c} one piece of {@code w}
   * elements of a run at a time: consecutive in one row, and aligned to {@code 4w} bytes (the
   * result starts 16-byte aligned, {@code ldc} and the run's first column are multiples of {@code w}).
   */
  private void readRuns(String name, TileLayout l, int n, int ldc, int w) {
    if (l.vector() == 2 * w && n % 32 == 0 && l.slots() % (2 * w) == 0) {
      readRunsInTurn(name, l, n, ldc, w);
      return;
    }
    int bytes = 4 * w;
    String r = LoweringContext.SLOT;
    String e = LoweringContext.ELEMENT;
    StringBuilder body = new StringBuilder("const " + cx.dialect.vectorLoadType(bytes) + " kgen_w = *("
        + cx.dialect.sharedPointerType("const " + cx.dialect.vectorLoadType(bytes)) + ")(kgen_c + " + e + " / " + n + " * " + ldc + " + " + e + " % " + n + ");");
    for (int k = 0; k < w; k++) {
      body.append(" ").append(name).append("[").append(r).append(" + ").append(k).append("] = ")
          .append(cx.apply(Fn.UINT_AS_FLOAT, DType.F32, cx.dialect.vectorComponent("kgen_w", bytes, k))).append(";");
    }
    forEachRunPiece(l, w, body.toString());
  }

  /**
   * {@link #readRuns} where each run is two vector reads: in a row of 32 floats or more, threads
   * t and t + 4 of a quarter-warp start their runs 128 bytes apart, in the same banks, so the
   * second four threads read their runs' halves in the other order (a register select puts them
   * back), and each read of a quarter-warp meets all 32 banks once instead of half of them twice.
   */
  private void readRunsInTurn(String name, TileLayout l, int n, int ldc, int w) {
    int bytes = 4 * w;
    String r = LoweringContext.SLOT;
    String e = LoweringContext.ELEMENT;
    String type = cx.dialect.vectorLoadType(bytes);
    String ptr = cx.dialect.sharedPointerType("const " + type);
    String at = "kgen_c + " + e + " / " + n + " * " + ldc + " + " + e + " % " + n;
    StringBuilder body = new StringBuilder("const bool kgen_swap = (" + cx.tid() + " >> 2) & 1;")
        .append(" const ").append(type).append(" kgen_p = *(").append(ptr).append(")(").append(at)
        .append(" + (kgen_swap ? ").append(w).append(" : 0));")
        .append(" const ").append(type).append(" kgen_q = *(").append(ptr).append(")(").append(at)
        .append(" + (kgen_swap ? 0 : ").append(w).append("));");
    for (int k = 0; k < 2 * w; k++) {
      String first = cx.dialect.vectorComponent(k < w ? "kgen_p" : "kgen_q", bytes, k % w);
      String second = cx.dialect.vectorComponent(k < w ? "kgen_q" : "kgen_p", bytes, k % w);
      body.append(" ").append(name).append("[").append(r).append(" + ").append(k).append("] = ")
          .append(cx.apply(Fn.UINT_AS_FLOAT, DType.F32, "(kgen_swap ? " + second + " : " + first + ")")).append(";");
    }
    forEachRunPiece(l, 2 * w, body.toString());
  }

  /**
   * One unrolled loop over this thread's slots, {@code w} at a time, running {@code body} with
   * the slot in {@link LoweringContext#SLOT} and its element in {@link LoweringContext#ELEMENT}.
   */
  private void forEachRunPiece(TileLayout l, int w, String body) {
    String r = LoweringContext.SLOT;
    cx.unrollPragma();
    cx.out.line("for (int " + r + " = 0; " + r + " < " + l.slots() + "; " + r + " += " + w + ") { const int "
        + LoweringContext.ELEMENT + " = " + l.elementExpr(r, cx.tid()) + "; " + body + " }");
  }

  /** Releases what {@link #beginLoop} held, once the loop is closed. */
  void endLoop(List<Value> held, int base) {
    held.forEach(cx::forgetHoisted);
    cx.copies.release(held);
    cx.releaseShared(base);
  }

  void emit(Op.Dot o) {
    Value r = o.result();
    DType d = o.a().dtype();
    int m = o.a().shape().dim(0);
    int k = o.a().shape().dim(1);
    int n = o.b().shape().dim(1);
    int kpa = k + A_PADDING;
    // B = trans(x): x's rows are B's columns, so x is staged as it is (row-major, contiguous
    // writes) and the transpose itself is never computed
    Value transposed = definitions.apply(o.b()) instanceof Op.Trans t && cx.isDefined(t.x()) ? t.x() : null;
    int ldc = n + C_PADDING;
    String held = cx.hoistedCopy(o.a());
    // B copied into shared memory by its load (AsyncOperandCopies), which the dot reads itself:
    // B's bits, or fp8 bytes the product converts fragment by fragment
    AsyncOperandCopies.Buffer copied = transposed == null ? null : cx.copies.buffer(transposed);
    boolean direct = copied != null;
    DequantizedOperand dq = direct ? copied.dequantized() : null;
    // a copy in the cache's order holds B's columns in groups (CopyOrder.offset): the rows of a
    // group are its rowLength (the group's columns) apart, groups the whole tile's rows of them
    CopyOrder grouped = direct ? copied.order() : null;
    int kpb = direct ? copied.rowLength() : k + (transposed != null ? A_PADDING : B_PADDING);
    int gb = grouped != null ? grouped.columns() : k;
    int gsb = grouped != null ? grouped.rows() * grouped.columns() : 0;
    int bAndC = direct ? resultBytes(m, n) : bAndCBytes(k, n, m);
    cx.needShared(held == null ? heldBytes(m, k) + bAndC : bAndC, "dot " + o.a().type() + " x " + o.b().type());
    CValue a = cx.get(o.a());
    CValue b = transposed != null ? cx.get(transposed) : cx.get(o.b());
    TileLayout lr = cx.layout(r);
    String name = cx.name(r);
    String st = cx.dialect.storageType(d);
    String product = cx.helpers.use(Helper.tensorCoreProduct(d, dq != null ? dq.load().result().dtype() : d));
    String slot = LoweringContext.SLOT;
    cx.out.line(cx.type(DType.F32) + " " + name + "[" + lr.slots() + "];");
    cx.out.open("");
    String ptr = cx.dialect.sharedPointerType(st);
    String fptr = cx.dialect.sharedPointerType(cx.type(DType.F32));
    // what is staged here lies in order, A (unless held), B (unless copied), C: each starts
    // where the one before ends, the first where staging starts
    String next = null;
    if (held == null) {
      cx.sharedView("kgen_as", st);
      next = "kgen_as + " + (m * kpa);
    } else {
      cx.out.line(ptr + " kgen_as = " + held + ";");
    }
    if (direct) {
      cx.out.line(copied.pointerType() + " kgen_bt = " + copied.name() + ";");
    } else {
      if (next == null) {
        cx.sharedView("kgen_bt", st);
      } else {
        cx.out.line(ptr + " kgen_bt = " + next + ";");
      }
      next = "kgen_bt + " + (n * kpb);
    }
    if (next == null) {
      cx.sharedView("kgen_c", cx.type(DType.F32));
    } else {
      cx.out.line(fptr + " kgen_c = (" + fptr + ")(" + next + ");");
    }
    if (held == null) {
      stageRows("kgen_as", o.a(), a, kpa);
    }
    if (copied != null) {
      cx.out.line(cx.copies.waitFor(transposed));
      if (dq != null) {
        cx.use(dq.load().result()); // the copy is read here, and only here
      }
    } else if (transposed != null) {
      stageRows("kgen_bt", transposed, b, kpb);
    } else {
      cx.guardedSlotLoop(cx.layout(o.b()), null,
          e -> "kgen_bt[" + e + " % " + n + " * " + kpb + " + " + e + " / " + n + "] = " + bits(d, b.at(slot)) + ";");
    }
    // steps over zeros are skipped: k up to where both A's columns and B's rows are zero (a
    // padded head's columns of Q and K), and C's columns where B's are zero (V's padded rows),
    // which are written as zeros here instead
    ProductExtent extent = ProductExtent.of(o, zeros);
    int kUsed = extent.kUsed();
    int nUsed = extent.nUsed();
    if (nUsed < n) {
      int rest = n - nUsed;
      cx.out.line("for (int kgen_e = " + cx.tid() + "; kgen_e < " + (m * rest) + "; kgen_e += "
          + cx.options.threadsPerProgram() + ") kgen_c[kgen_e / " + rest + " * " + ldc + " + " + nUsed + " + kgen_e % "
          + rest + "] = 0.0f;");
    }
    cx.barrier();
    cx.out.line(product + "(kgen_as, kgen_bt, kgen_c, " + m + ", " + nUsed + ", " + kUsed + ", " + kpa + ", " + kpb + ", " + gb + ", "
        + gsb + ", " + ldc + ", " + cx.tid() + ", " + cx.options.threadsPerProgram()
        + (dq == null ? "" : ", " + (dq.scaleValue() == null ? cx.dialect.literal(1.0, DType.F32)
            : cx.get(dq.scaleValue()).at(""))) + ");");
    cx.barrier();
    if (copied != null) {
      cx.copies.read(copied); // nothing reads the copy after this barrier: it may be refilled
    }
    int w = Math.min(lr.vector(), MAX_STORE_BYTES / 4);
    if (w >= 2 && !lr.hasPhantoms() && ldc % w == 0 && cx.dialect.vectorLoadType(4 * w) != null) {
      readRuns(name, lr, n, ldc, w);
    } else {
      cx.guardedSlotLoop(lr, null, e -> name + "[" + slot + "] = kgen_c[" + e + " / " + n + " * " + ldc + " + " + e + " % " + n + "];");
    }
    cx.barrier();
    cx.out.close();
    cx.bind(r, new CValue.Tile(name, lr));
  }
}
