package dev.kgen.codegen.c;

import dev.kgen.codegen.CodegenOptions;
import dev.kgen.errors.KgenInternalError;
import dev.kgen.errors.KgenResourceLimitException;
import dev.kgen.ir.Block;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.Op;
import dev.kgen.ir.Param;
import dev.kgen.ir.Shape;
import dev.kgen.ir.Value;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The state of lowering one kernel: the body being written, the C form of every value defined
 * so far, names, helpers in use, the shared memory needed and the pointer parameters stored
 * through. The op-family lowerings share it and use its small code-shaping utilities.
 */
final class LoweringContext {
  /** The slot index variable of every loop over a thread's registers. */
  static final String SLOT = "i";
  /** The element index variable inside such loops. */
  static final String ELEMENT = "e";
  /** This thread's index within the program. */
  static final String TID = "tid";
  /** The kernel's one shared (local) buffer. */
  static final String SHARED = "kgen_smem";
  /** The offsets of a pointer parameter itself. */
  static final String ZERO_OFFSET = "0";
  /** Shared bytes staging may use. */
  static final int SHARED_LIMIT = CFamilyEmitter.STATIC_SHARED_BYTES;
  /** Shared bytes a dot product stages per K-chunk: it is split along K to stay within this. */
  static final int DOT_BUDGET = 32 * 1024;

  final CFamilyEmitter dialect;
  final Kernel kernel;
  final CodegenOptions options;
  final IntrinsicTable table;
  final NameTable names;
  final HelperLibrary helpers = new HelperLibrary();
  final CodeWriter out = new CodeWriter(1);
  /** The values each op's emitted code reads (see {@link LiveValues}). */
  final LiveValues reads = new LiveValues();
  /** Tiles copied straight into shared memory for the tensor-core dots that read them. */
  final AsyncOperandCopies copies = new AsyncOperandCopies(this);
  private final Map<Value, CValue> values = new IdentityHashMap<>();
  /** Values defined in {@link #scoped} bodies, as they were there. */
  private final Map<Value, CValue> forgotten = new IdentityHashMap<>();
  private final Map<Value, Double> constants = new IdentityHashMap<>();
  private final Set<Param> written = new HashSet<>();
  private int sharedBytes;
  /** Bytes at the start of the shared buffer held by operands staged before a loop. */
  private int sharedBase;
  /** Loop-invariant dot operands staged before their loop: value -> C name of the staged copy. */
  private final Map<Value, String> hoisted = new IdentityHashMap<>();
  private boolean usesFp64;
  private boolean usesTid;

  /** Shared bytes the buffers of asynchronous copies may hold ({@link AsyncOperandCopies}). */
  final int copyBudget;

  LoweringContext(CFamilyEmitter dialect, Kernel kernel, CodegenOptions options, int copyBudget) {
    this.copyBudget = copyBudget;
    this.dialect = dialect;
    this.kernel = kernel;
    this.options = options;
    this.table = dialect.intrinsics();
    Set<String> reserved = new HashSet<>(dialect.reservedWords());
    reserved.addAll(table.functionNames());
    for (Helper h : Helper.values()) {
      reserved.add(h.functionName());
    }
    this.names = new NameTable(reserved);
    collectConstants(kernel.body());
  }

  /** Every Full op's value, known before the op is lowered (or where it never is: ops the copies recompute). */
  private void collectConstants(Block b) {
    for (Op op : b.ops()) {
      if (op instanceof Op.Full f) {
        constants.put(f.result(), f.value());
      }
      op.blocks().forEach(this::collectConstants);
    }
  }

  // ---- values --------------------------------------------------------------------------

  /**
   * The C form of {@code v} in its own layout, which the code being emitted reads; for a value
   * held in rows ({@link ReplicatedRowsPlan}), the canonical form made where it was defined.
   */
  CValue get(Value v) {
    CValue c = held(v);
    if (c instanceof CValue.Replicated r) {
      if (r.canonical() == null) {
        throw new KgenInternalError(kernel.name() + ": " + v + " is held only in rows " + r.rows().layout()
            + ", but an op reads it in its own layout that the rows plan did not foresee");
      }
      return r.canonical();
    }
    return c;
  }

  /** The C form of {@code v} as it is held (perhaps {@link CValue.Replicated}), which the code being emitted reads. */
  CValue held(Value v) {
    CValue c = peek(v);
    reads.read(v);
    return c;
  }

  /** Records that the code being emitted reads {@code v}. */
  void use(Value v) {
    held(v);
  }

  /** The C form of {@code v} for a decision, without the emitted code reading it. */
  CValue peek(Value v) {
    CValue c = values.get(v);
    if (c == null) {
      throw new KgenInternalError(kernel.name() + ": " + v + " is used before the emitter defined it");
    }
    return c;
  }

  /** Whether the emitter has defined {@code v} yet. */
  boolean isDefined(Value v) {
    return values.containsKey(v);
  }

  void bind(Value v, CValue c) {
    if (values.putIfAbsent(v, c) != null) {
      throw new KgenInternalError(kernel.name() + ": " + v + " is defined twice");
    }
  }

  /**
   * Runs {@code body}, which emits code into a C scope of its own (braces it opens and closes),
   * and forgets the values it defined there: their C names are out of scope afterwards, and
   * the ops that define them may be lowered again (for another iteration of a loop).
   */
  void scoped(Runnable body) {
    Set<Value> before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(values.keySet());
    body.run();
    values.forEach((v, c) -> {
      if (!before.contains(v)) {
        forgotten.put(v, c);
      }
    });
    values.keySet().retainAll(before);
  }

  /** The C form {@code v} has, or had in the last {@link #scoped} body that defined it. */
  CValue lastForm(Value v) {
    CValue c = values.get(v);
    return c != null ? c : forgotten.containsKey(v) ? forgotten.get(v) : peek(v);
  }

  /** {@link #scoped}, with {@code v} read as {@code c} inside the scope (and as before, if at all, after it). */
  void scoped(Value v, CValue c, Runnable body) {
    CValue outside = values.put(v, c);
    try {
      scoped(body);
    } finally {
      if (outside == null) {
        values.remove(v);
      } else {
        values.put(v, outside);
      }
    }
  }

  /**
   * {@link #scoped(Value, CValue, Runnable)} where the values {@code anew}, which may be defined
   * already (an iteration's values, when the copies of the next one start in its middle), are
   * defined anew inside the scope, and read as before after it.
   */
  void scopedAnew(Value v, CValue c, Collection<Value> anew, Runnable body) {
    Map<Value, CValue> outside = new IdentityHashMap<>();
    for (Value a : anew) {
      CValue was = values.remove(a);
      if (was != null) {
        outside.put(a, was);
      }
    }
    try {
      scoped(v, c, body);
    } finally {
      values.putAll(outside);
    }
  }

  /** The constant value of {@code v} if a Full op defines it, lowered or not, else null. */
  Double constantOf(Value v) {
    return constants.get(v);
  }

  String name(Value v) {
    return names.define(v);
  }

  TileLayout layout(Shape s) {
    return TileLayout.of(s, options);
  }

  TileLayout layout(Value v) {
    return layout(v.shape());
  }

  CValue.Pointer pointer(Value v, Op op) {
    return asPointer(get(v), v, op);
  }

  /** {@link #pointer} for a decision, without the emitted code reading it. */
  CValue.Pointer peekPointer(Value v, Op op) {
    return asPointer(peek(v), v, op);
  }

  private CValue.Pointer asPointer(CValue c, Value v, Op op) {
    if (!(c instanceof CValue.Pointer p)) {
      throw new KgenInternalError(kernel.name() + ": " + op.getClass().getSimpleName() + " expects a pointer for " + v
          + ", but the emitter holds it as " + c);
    }
    return p;
  }

  void markWritten(Param p) {
    written.add(p);
  }

  boolean isWritten(Param p) {
    return written.contains(p);
  }

  // ---- types ---------------------------------------------------------------------------

  String type(DType d) {
    if (d == DType.F64) {
      usesFp64 = true;
    }
    return dialect.computeType(d);
  }

  String offsetType() {
    return type(DType.I64);
  }

  boolean usesFp64() {
    return usesFp64;
  }

  String literal(double v, DType d) {
    if (d == DType.F64) {
      usesFp64 = true;
    }
    return dialect.literal(v, d);
  }

  /** {@code fn} on {@code args} of dtype {@code d}, recording any helper it calls. */
  String apply(Fn fn, DType d, String... args) {
    Intrinsic i = table.get(fn, d);
    if (i instanceof Intrinsic.Call c) {
      helpers.useIfHelper(c.name());
    }
    return i.apply(List.of(args));
  }

  /** {@code expr} (a compute-type value) rounded to {@code d} where {@code d} is narrower than its registers. */
  String rounded(String expr, DType d) {
    if (d.format() == null) {
      return expr;
    }
    return helpers.use(Helper.round(d)) + "(" + expr + ")";
  }

  // ---- threads and shared memory -------------------------------------------------------

  String tid() {
    usesTid = true;
    return TID;
  }

  boolean usesTid() {
    return usesTid;
  }

  /** The C expression of the element held in {@link #SLOT} by this thread. */
  String element(TileLayout l) {
    return l.elementExpr(SLOT, tid());
  }

  /**
   * Records that {@code what} uses {@code bytes} from where staging starts. The limit is the
   * static one, plus the buffers of asynchronous copies, which come on top of it.
   */
  void needShared(int bytes, String what) {
    int limit = SHARED_LIMIT + copies.heldBytes();
    if (sharedBase + bytes > limit) {
      throw new KgenResourceLimitException(kernel.name() + ": " + what + " stages " + bytes + " bytes in shared memory"
          + (sharedBase > 0 ? " besides " + sharedBase + " held across a loop" : "") + ", more than the "
          + limit + "-byte " + (limit == SHARED_LIMIT ? "static " : "") + "limit; use smaller tiles");
    }
    sharedBytes = Math.max(sharedBytes, sharedBase + bytes);
  }

  /** Where staging starts: bytes before it hold operands staged ahead of the enclosing loops. */
  int sharedBase() {
    return sharedBase;
  }

  /** Reserves {@code bytes} (a multiple of 16) for the rest of a loop; returns their offset. */
  int holdShared(int bytes, String what) {
    needShared(bytes, what);
    int at = sharedBase;
    sharedBase += bytes;
    return at;
  }

  /** Ends a loop's holds: staging starts at {@code base} again. */
  void releaseShared(int base) {
    sharedBase = base;
  }

  void hoisted(Value v, String stagedName) {
    hoisted.put(v, stagedName);
  }

  /** The staged copy of {@code v} made before the loop, or null. */
  String hoistedCopy(Value v) {
    return hoisted.get(v);
  }

  void forgetHoisted(Value v) {
    hoisted.remove(v);
  }

  int sharedBytes() {
    return sharedBytes;
  }

  /** Declares {@code name} as a pointer to {@code elementType} where staging starts in the shared buffer. */
  void sharedView(String name, String elementType) {
    sharedView(name, elementType, sharedBase);
  }

  /** Declares {@code name} as a pointer to {@code elementType} at byte {@code offset} of the shared buffer. */
  void sharedView(String name, String elementType, int offset) {
    String ptr = dialect.sharedPointerType(elementType);
    out.line(ptr + " " + name + " = (" + ptr + ")" + (offset == 0 ? SHARED : "(" + SHARED + " + " + offset + ")") + ";");
  }

  void barrier() {
    out.line(dialect.barrier());
  }

  // ---- code shapes ---------------------------------------------------------------------

  /** {@code for (int i = 0; i < slots; ++i) body} with the unroll pragma. */
  void slotLoop(TileLayout l, String body) {
    unrollPragma();
    out.line("for (int " + SLOT + " = 0; " + SLOT + " < " + l.slots() + "; ++" + SLOT + ") " + body);
  }

  /** Opens a slot loop whose body the caller writes and closes. */
  void openSlotLoop(TileLayout l) {
    unrollPragma();
    out.open("for (int " + SLOT + " = 0; " + SLOT + " < " + l.slots() + "; ++" + SLOT + ")");
  }

  /**
   * A slot loop over the elements of {@code l} this thread owns, phantoms skipped, with the
   * element index in {@link #ELEMENT}; {@code body} writes the loop's inner statements.
   */
  void ownedElementLoop(TileLayout l, Runnable body) {
    openSlotLoop(l);
    out.line("const int " + ELEMENT + " = " + element(l) + ";");
    if (l.hasPhantoms()) {
      out.open("if (" + ELEMENT + " < " + l.numel() + ")");
    }
    body.run();
    if (l.hasPhantoms()) {
      out.close();
    }
    out.close();
  }

  /** The dialect's unroll pragma for the loop written next, if it has one. */
  void unrollPragma() {
    String p = dialect.unrollPragma();
    if (p != null) {
      out.directive(p.isEmpty() ? p : "  ".repeat(out.depth()) + p);
    }
  }

  /**
   * A one-line slot loop running {@code statement} (given the name of the element index) on the
   * elements of {@code l} that are not phantoms and satisfy {@code condition} (null: all).
   */
  void guardedSlotLoop(TileLayout l, String condition, Function<String, String> statement) {
    String probe = "\u0000";
    boolean usesElement = statement.apply(probe).contains(probe);
    String guard = l.hasPhantoms() ? ELEMENT + " < " + l.numel() + (condition == null ? "" : " && " + condition) : condition;
    String body = statement.apply(ELEMENT);
    if (guard != null) {
      body = "if (" + guard + ") " + body;
    }
    if (usesElement || l.hasPhantoms()) {
      body = "{ const int " + ELEMENT + " = " + element(l) + "; " + body + " }";
    }
    slotLoop(l, body);
  }

  /**
   * Defines {@code result} (of C type {@code ctype}) as {@code expr} applied elementwise to
   * {@code operands}: one uniform variable when every operand is uniform (a scalar, or a
   * splat for tiles), else a register array filled by a slot loop.
   */
  CValue elementwise(Value result, String ctype, List<CValue> operands, Function<List<String>, String> expr) {
    return elementwise(result, ctype, operands, expr, result.shape().isScalar() ? null : layout(result));
  }

  /** {@link #elementwise}, the result in layout {@code l} (that of its tile operands). */
  CValue elementwise(Value result, String ctype, List<CValue> operands, Function<List<String>, String> expr, TileLayout l) {
    String name = name(result);
    boolean uniform = operands.stream().allMatch(CValue::uniform);
    if (result.shape().isScalar()) {
      if (!uniform) {
        throw new KgenInternalError(kernel.name() + ": scalar " + result + " computed from tile operands");
      }
      out.line("const " + ctype + " " + name + " = " + expr.apply(at(operands, "")) + ";");
      return new CValue.Scalar(name);
    }
    if (uniform) {
      out.line("const " + ctype + " " + name + " = " + expr.apply(at(operands, "")) + ";");
      return new CValue.Splat(name, l);
    }
    out.line(ctype + " " + name + "[" + l.slots() + "];");
    slotLoop(l, name + "[" + SLOT + "] = " + expr.apply(at(operands, SLOT)) + ";");
    return new CValue.Tile(name, l);
  }

  static List<String> at(List<CValue> operands, String slot) {
    return operands.stream().map(o -> o.at(slot)).toList();
  }

  /** Declares mutable storage shaped like {@code v} (for loop-carried and branch results). */
  CValue storage(Value v, String ctype, String name) {
    if (v.shape().isScalar()) {
      out.line(ctype + " " + name + ";");
      return new CValue.Scalar(name);
    }
    TileLayout l = layout(v);
    out.line(ctype + " " + name + "[" + l.slots() + "];");
    return new CValue.Tile(name, l);
  }

  /** {@code dst = src} for storage made by {@link #storage}. */
  void assign(CValue dst, CValue src) {
    if (dst instanceof CValue.Scalar s) {
      out.line(s.expr() + " = " + src.at("") + ";");
    } else if (dst instanceof CValue.Tile t) {
      slotLoop(t.layout(), t.array() + "[" + SLOT + "] = " + src.at(SLOT) + ";");
    } else {
      throw new KgenInternalError(kernel.name() + ": cannot assign to " + dst);
    }
  }
}
