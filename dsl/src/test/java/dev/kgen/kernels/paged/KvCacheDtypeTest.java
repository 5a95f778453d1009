package dev.kgen.kernels.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kgen.ir.DType;
import org.junit.jupiter.api.Test;

class KvCacheDtypeTest {
  @Test
  void parsesTheWrapperSpellings() {
    for (KvCacheDtype d : KvCacheDtype.values()) {
      assertEquals(d, KvCacheDtype.parse(d.jsonName()));
    }
  }

  @Test
  void storageFollowsTheWrapper() {
    assertEquals(DType.F16, KvCacheDtype.AUTO.storage(DType.F16));
    assertEquals(DType.FP8E4M3, KvCacheDtype.FP8.storage(DType.BF16));
    assertEquals(DType.FP8E4M3, KvCacheDtype.FP8_E4M3.storage(DType.BF16));
    assertEquals(DType.FP8E5M2, KvCacheDtype.FP8_E5M2.storage(DType.BF16));
    assertFalse(KvCacheDtype.AUTO.isFp8());
    assertTrue(KvCacheDtype.FP8.isFp8());
  }

  @Test
  void unknownSpellingListsTheAcceptedOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KvCacheDtype.parse("int4"));
    assertEquals("unsupported kv_cache_dtype 'int4': expected one of auto, fp8, fp8_e4m3, fp8_e5m2", e.getMessage());
  }
}
