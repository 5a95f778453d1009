package dev.kgen.codegen.c;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kgen.ir.DType;
import dev.kgen.ir.Type;
import dev.kgen.ir.Value;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NameTableTest {
  private static Value value(int id, String name) {
    return new Value(id, Type.scalar(DType.I32), name);
  }

  @Test
  void keepsDslNamesAndNumbersTheRest() {
    NameTable t = new NameTable(Set.of());
    assertEquals("acc", t.define(value(1, "acc")));
    assertEquals("v7", t.define(value(7, null)));
    Value same = value(3, "acc");
    assertEquals("acc_1", t.define(same));
    assertEquals("acc_1", t.define(same), "a value keeps its name");
    assertEquals("acc_2", t.define(value(4, "acc")));
  }

  @Test
  void avoidsKeywordsInternalNamesAndTheDialectsFunctions() {
    NameTable t = new NameTable(Set.of("expf"));
    assertEquals("u_int", t.define(value(1, "int")));
    assertEquals("u_i", t.define(value(2, "i")));
    assertEquals("u_tid", t.define(value(3, "tid")));
    assertEquals("u_expf", t.define(value(4, "expf")));
    assertEquals("u_kgen_smem", t.define(value(5, "kgen_smem")));
    assertEquals("u___x", t.define(value(6, "__x")));
    assertEquals("u_half", t.define(value(7, "half")));
  }

  @Test
  void userNamesThatLookNumberedDoNotCollide() {
    NameTable t = new NameTable(Set.of());
    assertEquals("v7", t.define(value(1, "v7")));
    assertEquals("v7_1", t.define(value(7, null)));
    assertEquals("kgen_next", t.internal("kgen_next"));
    assertEquals("kgen_next_1", t.internal("kgen_next"));
  }
}
