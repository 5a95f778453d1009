package dev.kgen.codegen.c;

import dev.kgen.errors.KgenInternalError;
import dev.kgen.ir.DType;
import dev.kgen.ir.Op;
import dev.kgen.ir.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Emits a broadcast or expand_dims whose source {@link RematerializationCost} found cheap by
 * recomputing, for each element a thread owns in the result, the source element from its
 * coordinates: no shared memory and no barrier. The element's coordinates are walked back
 * through the defining ops (broadcast pins repeated axes to 0, expand_dims drops its axis,
 * arange turns its coordinate into the value) and each op becomes one {@code const} temporary
 * in the slot loop's body, spelled exactly as {@link ElementwiseLowering} spells it so the
 * result is bit-identical to the staged one. An op reached twice at the same coordinates is
 * emitted once.
 */
final class RematerializedElement {
  private static final String TEMP = "kgen_r";
  private final LoweringContext cx;
  private final ElementwiseLowering elementwise;
  private final RematerializationCost cost;
  private final Map<String, String> emitted = new HashMap<>();
  private final List<Temp> pending = new ArrayList<>();
  private final Set<String> varying = new HashSet<>();
  private int temps;

  RematerializedElement(LoweringContext cx, RematerializationCost cost) {
    this.cx = cx;
    this.elementwise = new ElementwiseLowering(cx, null);
    this.cost = cost;
  }

  /**
   * Defines {@code r} (of register dtype {@code d}: i64 for pointer offsets) as a tile in
   * layout {@code to}, each element recomputed. Phantom slots are left unset, as staging does.
   * Temporaries that are the same in every slot ({@link SlotCoordinates}) are computed once,
   * before the slot loop.
   */
  CValue.Tile emit(Value r, DType d, TileLayout to) {
    return emit(r, d, to, cx.name(r));
  }

  /** {@link #emit(Value, DType, TileLayout)} into a new array {@code name}: another layout of a value already defined. */
  CValue.Tile emit(Value r, DType d, TileLayout to, String name) {
    String slot = LoweringContext.SLOT;
    String e = LoweringContext.ELEMENT;
    emitted.clear();
    pending.clear();
    varying.clear();
    temps = 0;
    List<String> coords = SlotCoordinates.of(r.shape(), to, slot, cx.tid(), e);
    String value = at(r, coords);
    cx.out.line(cx.type(IntrinsicTable.computeDType(d)) + " " + name + "[" + to.slots() + "];");
    cx.out.open("");
    for (Temp t : pending) {
      if (!t.varies()) {
        cx.out.line(t.declaration());
      }
    }
    cx.openSlotLoop(to);
    if (to.hasPhantoms() || SlotCoordinates.mentions(value, Set.of(e)) || pending.stream().anyMatch(t -> SlotCoordinates.mentions(t.declaration(), Set.of(e)))) {
      cx.out.line("const int " + e + " = " + cx.element(to) + ";");
    }
    if (to.hasPhantoms()) {
      cx.out.open("if (" + e + " < " + to.numel() + ")");
    }
    for (Temp t : pending) {
      if (t.varies()) {
        cx.out.line(t.declaration());
      }
    }
    cx.out.line(name + "[" + slot + "] = " + value + ";");
    if (to.hasPhantoms()) {
      cx.out.close();
    }
    cx.out.close();
    cx.out.close();
    return new CValue.Tile(name, to);
  }

  /**
   * The elements of {@code values} (for pointers, their offsets) at {@code coords}, the ops they
   * are computed from declared as temporaries at the current point of the code: for code that
   * needs elements of a tile other than those the thread holds ({@link CopyOrder}).
   */
  List<String> inline(List<Value> values, List<String> coords) {
    emitted.clear();
    pending.clear();
    varying.clear();
    temps = 0;
    List<String> out = new ArrayList<>();
    for (Value v : values) {
      out.add(at(v, coords));
    }
    pending.forEach(t -> cx.out.line(t.declaration()));
    pending.clear();
    return out;
  }

  /** A temporary's declaration and whether it differs between slots. */
  private record Temp(String declaration, boolean varies) {}

  /** The identifiers that differ between slots: the slot, the element and varying temporaries. */
  private Set<String> slotDependent() {
    Set<String> s = new HashSet<>(varying);
    s.add(LoweringContext.SLOT);
    s.add(LoweringContext.ELEMENT);
    return s;
  }

  /**
   * A C expression (a variable or literal) for the element of {@code v} at {@code coords};
   * for pointers, its 64-bit offset.
   */
  private String at(Value v, List<String> coords) {
    if (cx.isDefined(v)) {
      CValue c = cx.peek(v);
      if (RematerializationCost.leaf(c)) {
        cx.use(v);
        return (c instanceof CValue.Pointer p ? p.offsets() : c).at("");
      }
    }
    String key = v.id() + "@" + String.join(",", coords);
    String known = emitted.get(key);
    if (known != null) {
      return known;
    }
    Op op = cost.definition(v);
    String expr = expression(op, v, coords);
    if (isAtom(expr)) {
      emitted.put(key, expr);
      return expr;
    }
    String temp = TEMP + temps++;
    DType d = v.type().pointer() ? DType.I64 : IntrinsicTable.computeDType(v.dtype());
    boolean varies = SlotCoordinates.mentions(expr, slotDependent());
    if (varies) {
      varying.add(temp);
    }
    pending.add(new Temp("const " + cx.type(d) + " " + temp + " = " + expr + ";", varies));
    emitted.put(key, temp);
    return temp;
  }

  private String expression(Op op, Value v, List<String> coords) {
    if (op instanceof Op.Full f) {
      return cx.literal(f.value(), v.dtype());
    }
    if (op instanceof Op.Arange a) {
      String c = coords.get(0);
      if (c.equals("0")) {
        return Integer.toString(a.start());
      }
      return a.start() == 0 ? c : a.start() + " + (" + c + ")";
    }
    ViewCoordinates.Source<String> viewed = ViewCoordinates.of(op, coords, "0");
    if (viewed != null) {
      return at(viewed.value(), viewed.coordinates());
    }
    if (op instanceof Op.Unary u) {
      String x = at(u.x(), coords);
      return ElementwiseLowering.unaryIsIdentity(u) ? x : elementwise.unaryExpr(u, x);
    }
    if (op instanceof Op.Binary b) {
      return elementwise.binaryExpr(b, at(b.a(), coords), at(b.b(), coords));
    }
    if (op instanceof Op.Select s) {
      return ElementwiseLowering.selectExpr(at(s.cond(), coords), at(s.a(), coords), at(s.b(), coords));
    }
    if (op instanceof Op.Cast c) {
      String x = at(c.x(), coords);
      return ElementwiseLowering.castIsIdentity(c) ? x : elementwise.castExpr(c, x);
    }
    if (op instanceof Op.AddPtr a) {
      String base = at(a.ptr(), coords);
      return elementwise.offsetSum(a, base.equals(LoweringContext.ZERO_OFFSET) ? null : base, at(a.offset(), coords));
    }
    if (op instanceof Op.Load l) {
      return load(l, coords);
    }
    throw new KgenInternalError(cx.kernel.name() + ": " + v + " cannot be recomputed per element (defined by "
        + (op == null ? "no op" : op.getClass().getSimpleName()) + "); RematerializationCost should have refused it");
  }

  /** The same read as {@link MemoryLowering#load}: where the mask is false nothing is read. */
  private String load(Op.Load l, List<String> coords) {
    DType d = l.result().dtype();
    CValue.Pointer p = cx.peekPointer(l.ptr(), l);
    String read = cx.dialect.loadElement(d, p.baseName(), at(l.ptr(), coords), cx.helpers);
    if (l.mask() == null) {
      return read;
    }
    String mask = at(l.mask(), coords);
    String other = l.other() == null ? cx.literal(0, d) : at(l.other(), coords);
    return mask + " ? " + read + " : " + other;
  }

  /** Variables and integer literals are used as they are; anything else gets a temporary. */
  private static boolean isAtom(String expr) {
    return expr.matches("[A-Za-z_][A-Za-z0-9_]*|-?[0-9]+(LL)?");
  }
}
