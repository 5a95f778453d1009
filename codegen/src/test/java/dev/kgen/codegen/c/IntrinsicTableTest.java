package dev.kgen.codegen.c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.codegen.cuda.CudaEmitter;
import dev.kgen.codegen.opencl.OpenClEmitter;
import dev.kgen.errors.KgenInternalError;
import dev.kgen.ir.BinaryOp;
import dev.kgen.ir.DType;
import dev.kgen.ir.Kernel;
import dev.kgen.ir.UnaryOp;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntrinsicTableTest {
  private static final List<IntrinsicTable> TABLES =
      List.of(CudaEmitter.dialect().intrinsics(), OpenClEmitter.dialect().intrinsics());

  @Test
  void everyOpTheIrAllowsHasASpellingInBothDialects() {
    List<DType> compute = List.of(DType.I1, DType.I32, DType.I64, DType.F32, DType.F64);
    for (IntrinsicTable t : TABLES) {
      for (DType d : compute) {
        for (UnaryOp op : UnaryOp.values()) {
          boolean allowed = (!op.floatOnly() || d.isFloat()) && !(op == UnaryOp.NOT && d.isFloat())
              && !(d.isBool() && (op == UnaryOp.NEG || op == UnaryOp.ABS));
          if (allowed) {
            assertTrue(t.has(Fn.of(op), d), op + " on " + d);
          }
        }
        for (BinaryOp op : BinaryOp.values()) {
          boolean allowed = !(d.isFloat() && (op.isBitwise() || op == BinaryOp.REM));
          if (allowed) {
            assertTrue(t.has(Fn.of(op), d), op + " on " + d);
          }
        }
      }
      for (Fn fn : List.of(Fn.FMA, Fn.RINT, Fn.COPYSIGN, Fn.FLOAT_AS_UINT, Fn.UINT_AS_FLOAT, Fn.ABS)) {
        assertTrue(t.has(fn, DType.F32), fn.toString());
      }
    }
  }

  @Test
  void smallFloatsUseTheFp32Entries() {
    IntrinsicTable cuda = TABLES.get(0);
    assertEquals("expf(x)", cuda.apply(Fn.EXP, DType.BF16, "x"));
    assertEquals("__fadd_rn(a, b)", cuda.apply(Fn.ADD, DType.F16, "a", "b"));
    assertEquals("(a > b ? a : b)", cuda.apply(Fn.MAX, DType.I32, "a", "b"));
    assertEquals("(-3 < 0 ? -(-3) : -3)", cuda.apply(Fn.ABS, DType.I64, "-3"));
    IntrinsicTable cl = TABLES.get(1);
    assertEquals("exp(x)", cl.apply(Fn.EXP, DType.FP8E4M3, "x"));
    assertEquals("a + b", cl.apply(Fn.ADD, DType.F32, "a", "b"));
    assertEquals("kgen_max_f32(a, b)", cl.apply(Fn.MAX, DType.F32, "a", "b"));
    assertEquals("-(-1.0f)", cl.apply(Fn.NEG, DType.F32, "-1.0f"));
    assertEquals("-x[i]", cl.apply(Fn.NEG, DType.F32, "x[i]"));
  }

  @Test
  void aMissingEntryNamesTheOpAndTheDtype() {
    KgenInternalError e = assertThrows(KgenInternalError.class, () -> TABLES.get(0).get(Fn.REM, DType.F32));
    assertEquals("no intrinsic for rem on fp32 in this dialect; add it to the dialect's intrinsic table", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> IntrinsicTable.builder().call(Fn.EXP, "x", DType.BF16));
  }

  @Test
  void generatedKernelsUseOnlyHelpersTheyDefine() {
    Kernel k = dev.kgen.codegen.PagedSpecs.small().kernel();
    for (String src : List.of(CudaEmitter.emit(k).source(), OpenClEmitter.emit(k).source())) {
      for (Helper h : Helper.values()) {
        boolean called = src.contains(h.functionName() + "(");
        boolean defined = src.contains(" " + h.functionName() + "(float") || src.contains(" " + h.functionName() + "(unsigned")
            || src.contains(" " + h.functionName() + "(ushort") || src.contains(" " + h.functionName() + "(uchar")
            || src.contains(" " + h.functionName() + "(const unsigned short") || src.contains(" " + h.functionName() + "(void")
            || src.contains(" " + h.functionName() + "()");
        assertEquals(called, defined, h + " is called iff defined");
      }
    }
  }
}
