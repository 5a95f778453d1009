package dev.kgen.codegen.c;

import dev.kgen.ir.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * A tile load whose runs of consecutive elements (the layout's {@code V}) are read with one
 * vector access each where memory allows it, checked per run at run time: the run's offsets are
 * consecutive, its first address is aligned to the access size and its mask is the same for
 * every element. Anything else (a strided run, a misaligned view, a partly masked run) takes
 * the element-by-element path, so the result is always the scalar load's. A run of {@code V}
 * elements of {@code s} bytes is read in pieces of {@code min(V*s, 16)} bytes. The checks cost
 * a few integer compares per run; where the offsets are affine in the slot (as a kernel's
 * usually are) the compiler folds most of them.
 */
final class VectorizedLoad {
  private static final int MAX_BYTES = 16;
  private final LoweringContext cx;
  /** The element-by-element form of the same load, for runs that cannot be read at once. */
  private final MemoryLowering scalar;

  VectorizedLoad(LoweringContext cx, MemoryLowering scalar) {
    this.cx = cx;
    this.scalar = scalar;
  }

  /** The elements per vector access for a load of {@code d} in layout {@code l}, or 0 when it does not apply. */
  int width(DType d, TileLayout l, CValue offsets) {
    int size = d.bytes();
    if (!(offsets instanceof CValue.Tile) || l.vector() < 2 || l.hasPhantoms() || size > 4) {
      return 0;
    }
    int w = Math.min(l.vector(), MAX_BYTES / size);
    int bytes = w * size;
    return bytes >= 4 && cx.dialect.vectorLoadType(bytes) != null && l.vector() % w == 0 ? w : 0;
  }

  /**
   * Declares {@code name[slots]} of compute type {@code type} and fills it. {@code mask} and
   * {@code other} are C forms (either may be null: no mask, zero).
   */
  void emit(String name, String type, DType d, TileLayout l, CValue.Pointer p, CValue mask, CValue other, int w) {
    int size = d.bytes();
    int bytes = w * size;
    String vt = cx.dialect.vectorLoadType(bytes);
    String st = cx.dialect.storageType(d);
    String base = p.baseName();
    CValue off = p.offsets();
    cx.out.line(type + " " + name + "[" + l.slots() + "];");
    cx.unrollPragma();
    cx.out.open("for (int kgen_run = 0; kgen_run < " + l.slots() + "; kgen_run += " + w + ")");
    String first = off.at("kgen_run");
    List<String> checks = new ArrayList<>();
    checks.add("(((unsigned long long)(" + base + " + " + first + ")) & " + (bytes - 1) + "ull) == 0");
    for (int v = 1; v < w; v++) {
      checks.add(off.at("kgen_run + " + v) + " == " + first + " + " + v);
      if (mask != null && !mask.uniform()) {
        checks.add(mask.at("kgen_run + " + v) + " == " + mask.at("kgen_run"));
      }
    }
    cx.out.open("if (" + String.join(" && ", checks) + ")");
    String guard = mask == null ? null : mask.at("kgen_run");
    if (guard != null) {
      cx.out.open("if (" + guard + ")");
    }
    cx.out.line("const " + vt + " kgen_v = *(const " + vt + "*)(" + base + " + " + first + ");");
    for (int v = 0; v < w; v++) {
      int bit = v * size * 8;
      String word = cx.dialect.vectorComponent("kgen_v", bytes, bit / 32);
      int shift = bit % 32;
      String raw;
      if (size == 4) {
        raw = d.isFloat() ? cx.apply(Fn.UINT_AS_FLOAT, DType.F32, word) : "(" + st + ")" + word;
      } else {
        raw = "(" + st + ")(" + (shift == 0 ? word : word + " >> " + shift) + ")";
      }
      cx.out.line(name + "[kgen_run + " + v + "] = " + cx.dialect.decodeBits(d, raw, cx.helpers) + ";");
    }
    if (guard != null) {
      cx.out.reopen("} else {");
      for (int v = 0; v < w; v++) {
        cx.out.line(name + "[kgen_run + " + v + "] = " + scalar.otherElement(d, other, "kgen_run + " + v) + ";");
      }
      cx.out.close();
    }
    cx.out.reopen("} else {");
    for (int v = 0; v < w; v++) {
      String s = "kgen_run + " + v;
      cx.out.line(name + "[" + s + "] = " + scalar.element(d, p, mask == null ? null : mask.at(s), other, s) + ";");
    }
    cx.out.close();
    cx.out.close();
  }
}
