package dev.kgen.codegen.c;

import dev.kgen.codegen.GeneratedKernel;
import dev.kgen.ir.DType;
import dev.kgen.ir.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A tile load whose runs of consecutive elements (the layout's {@code V}) are read with one
 * vector access each where memory allows it, checked per run at run time: the run's offsets are
 * consecutive, its first address is aligned to the access size and its mask is the same for
 * every element. Anything else (a strided run, a misaligned view, a partly masked run) takes
 * the element-by-element path, so the result is always the scalar load's. A run of {@code V}
 * elements of {@code s} bytes is read in pieces of {@code min(V*s, 16)} bytes.
 *
 * <p>Where {@link RunSteps} proves the offsets of a run to be its first plus {@code v} times a
 * stride, only the first offset of each run is read (the others are never computed, which is
 * what keeps a wide run cheap in registers), "consecutive" is one test of the stride, and the
 * element-by-element path addresses from the first offset too. Where it proves the mask the
 * same within a run, the mask of the first element stands for the run. Otherwise every offset
 * and mask bit of the run is compared, as the C compiler may or may not fold.
 */
final class VectorizedLoad {
  private static final int MAX_BYTES = GeneratedKernel.POINTER_ALIGNMENT;
  private final LoweringContext cx;
  /** The element-by-element form of the same load, for runs that cannot be read at once. */
  private final MemoryLowering scalar;
  private final RunSteps steps;

  VectorizedLoad(LoweringContext cx, MemoryLowering scalar, RunSteps steps) {
    this.cx = cx;
    this.scalar = scalar;
    this.steps = steps;
  }

  /** The elements per vector access for load {@code o} of {@code d} in layout {@code l}, or 0 when it does not apply. */
  int width(Op.Load o, DType d, TileLayout l, CValue offsets) {
    return offsets instanceof CValue.Tile ? width(cx, steps, o, d, l) : 0;
  }

  /** {@link #width(Op.Load, DType, TileLayout, CValue)} for a load of a tile of offsets, by what {@code steps} proves. */
  static int width(LoweringContext cx, RunSteps steps, Op.Load o, DType d, TileLayout l) {
    int size = d.bytes();
    if (l.vector() < 2 || l.hasPhantoms() || size > 4) {
      return 0;
    }
    int w = Math.min(l.vector(), MAX_BYTES / size);
    int bytes = w * size;
    if (bytes < 4 || cx.dialect.vectorLoadType(bytes) == null || !cx.dialect.vectorLoads(d) || l.vector() % w != 0) {
      return 0;
    }
    RunSteps.Step step = steps.of(o.ptr(), l);
    boolean neverConsecutive = step != null && !step.unit() && (step.symbol() == null || Math.abs(step.coefficient()) != 1);
    return neverConsecutive ? 0 : w;
  }

  /**
   * Declares {@code name[slots]} of compute type {@code type} and fills it with load {@code o}.
   * {@code mask} and {@code other} are C forms (either may be null: no mask, zero).
   *
   * <p>Both paths fill one vector of the run's storage bits (zero where the mask is false), and
   * the elements are decoded from it after they join: the C compiler then carries {@code V*s}
   * bytes of a run from the load to its uses (a tensor-core staging folds the decoding away)
   * instead of {@code V} decoded values from each path.
   */
  void emit(Op.Load o, String name, String type, TileLayout l, CValue.Pointer p, CValue mask, CValue other, int w) {
    DType d = o.result().dtype();
    int bytes = w * d.bytes();
    String vt = cx.dialect.vectorLoadType(bytes);
    String base = p.baseName();
    cx.out.line(type + " " + name + "[" + l.slots() + "];");
    cx.unrollPragma();
    cx.out.open("for (int kgen_run = 0; kgen_run < " + l.slots() + "; kgen_run += " + w + ")");
    RunAccess run = access(o, l, p, mask, w, "kgen_run");
    String zero = cx.dialect.vectorOf(Collections.nCopies(Math.max(1, bytes / 4), "0u"));
    String read = "*(" + cx.dialect.vectorPointerType(bytes) + ")(" + base + " + " + run.first() + ")";
    String vector = "kgen_v = " + (run.runMask() == null ? read : run.runMask() + " ? " + read + " : " + zero) + ";";
    cx.out.line(vt + " kgen_v;");
    if (run.alwaysVector()) {
      cx.out.line(vector);
    } else {
      cx.out.open("if (" + run.vectorTest() + ")");
      cx.out.line(vector);
      cx.out.reopen("} else {");
      elementByElement(o, run, base, w);
      cx.out.close();
    }
    for (int v = 0; v < w; v++) {
      String s = "kgen_run + " + v;
      String value = cx.dialect.decodeBits(d, lane(d, v, bytes), cx.helpers);
      if (run.masks().get(v) != null) {
        value = run.masks().get(v) + " ? " + value + " : " + scalar.otherElement(d, other, s);
      }
      cx.out.line(name + "[" + s + "] = " + value + ";");
    }
    cx.out.close();
  }

  /** Fills {@code kgen_v} with the run's elements one by one: the path for a run that is not one vector access. */
  private void elementByElement(Op.Load o, RunAccess run, String base, int w) {
    DType d = o.result().dtype();
    List<String> words = new ArrayList<>();
    for (int v = 0; v < w; v++) {
      int bit = v * d.bytes() * 8;
      String bits = raw(d, base, run.offsets().get(v));
      if (run.masks().get(v) != null) {
        bits = "(" + run.masks().get(v) + " ? " + bits + " : 0u)";
      }
      if (bit % 32 == 0) {
        words.add(bits);
      } else {
        words.set(words.size() - 1, words.get(words.size() - 1) + " | (" + bits + " << " + bit % 32 + ")");
      }
    }
    cx.out.line("kgen_v = " + cx.dialect.vectorOf(words) + ";");
  }

  /**
   * How one run of a load is read, as C expressions of the run's first slot {@code run}: the
   * offset of its first element, the test under which the run is one vector access (aligned,
   * consecutive, one mask; empty where all three are proven), the mask of the whole run for that
   * access (null: unmasked), and for the element-by-element path each element's offset and mask
   * (null: unmasked). A run whose first offset is proven a multiple of the access's elements is
   * aligned without a test: every pointer argument is aligned to
   * {@link GeneratedKernel#POINTER_ALIGNMENT} bytes, {@link #MAX_BYTES} or more.
   */
  record RunAccess(String first, String vectorTest, String runMask, List<String> offsets, List<String> masks) {
    /** Every run is one vector access: nothing is left to test at run time. */
    boolean alwaysVector() {
      return vectorTest.isEmpty();
    }
  }

  /** {@link RunAccess} of load {@code o} in runs of {@code w} elements, for the run starting at slot {@code run}. */
  RunAccess access(Op.Load o, TileLayout l, CValue.Pointer p, CValue mask, int w, String run) {
    int bytes = w * o.result().dtype().bytes();
    CValue off = p.offsets();
    RunSteps.Step step = steps.of(o.ptr(), l);
    boolean proven = step != null && (step.unit() || step.symbol() != null);
    RunSteps.Step maskStep = mask == null || mask.uniform() ? null : steps.of(o.mask(), l);
    boolean runMask = mask == null || mask.uniform() || maskStep != null && maskStep.invariant();
    String first = off.at(run);
    List<String> checks = provenRunChecks(p.baseName(), first, step, o.result().dtype().bytes(), bytes);
    for (int v = 1; v < w; v++) {
      if (!proven) {
        checks.add(off.at(run + " + " + v) + " == " + first + " + " + v);
      }
      if (!runMask) {
        checks.add(mask.at(run + " + " + v) + " == " + mask.at(run));
      }
    }
    List<String> offsets = new ArrayList<>();
    List<String> masks = new ArrayList<>();
    for (int v = 0; v < w; v++) {
      offsets.add(proven ? offset(first, step, v) : off.at(run + " + " + v));
      masks.add(mask == null ? null : runMask ? mask.at(run) : mask.at(run + " + " + v));
    }
    return new RunAccess(first, String.join(" && ", checks), mask == null ? null : mask.at(run), offsets, masks);
  }

  /**
   * What must be tested at run time for a run of {@code bytes} bytes from {@code base + first}
   * to be one vector access, given its {@code step} (null: unknown, the run's elements are
   * compared elsewhere): its alignment unless the step proves the first offset a multiple of
   * the access, and a stride argument equal to 1 (or -1: read backwards, never consecutive, as
   * intended). Empty when nothing is left to test.
   */
  static List<String> provenRunChecks(String base, String first, RunSteps.Step step, int elementBytes, int bytes) {
    List<String> checks = new ArrayList<>();
    if (step == null || step.multiple() * elementBytes % bytes != 0) {
      checks.add("(((size_t)(" + base + " + " + first + ")) & " + (bytes - 1) + ") == 0");
    }
    if (step != null && !step.unit() && step.symbol() != null) {
      checks.add(step.coefficient() == 1 ? step.symbol() + " == 1" : step.symbol() + " == -1");
    }
    return checks;
  }

  /** What is proven about runs, for other lowerings of loads. */
  RunSteps steps() {
    return steps;
  }

  /** The storage bits of {@code base[offset]} (of dtype {@code d}, at most 4 bytes) as an unsigned int. */
  private String raw(DType d, String base, String offset) {
    return d == DType.F32 ? cx.apply(Fn.FLOAT_AS_UINT, DType.F32, base + "[" + offset + "]")
        : "(unsigned int)" + base + "[" + offset + "]";
  }

  /** The raw storage bits of element {@code v} of {@code kgen_v}, a vector of {@code bytes} bytes. */
  private String lane(DType d, int v, int bytes) {
    int size = d.bytes();
    int bit = v * size * 8;
    String word = cx.dialect.vectorComponent("kgen_v", bytes, bit / 32);
    int shift = bit % 32;
    if (size == 4) {
      return d.isFloat() ? cx.apply(Fn.UINT_AS_FLOAT, DType.F32, word) : "(" + cx.dialect.storageType(d) + ")" + word;
    }
    String bits = size == 1 ? "unsigned char" : "unsigned short"; // storage types may be numeric (OpenCL's half)
    return "(" + bits + ")(" + (shift == 0 ? word : word + " >> " + shift) + ")";
  }

  /** The offset of element {@code v} of a run whose first offset is {@code first}, by the proven step. */
  String offset(String first, RunSteps.Step step, int v) {
    long k = step.coefficient() * v;
    if (k == 0) {
      return first;
    }
    if (step.symbol() == null) {
      return first + " + " + k;
    }
    return first + " + " + cx.literal(k, DType.I64) + " * " + step.symbol();
  }
}
