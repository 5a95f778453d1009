package dev.kgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JavaNamesTest {
  @Test
  void parametersAreLowerCamelWithoutThePtrSuffix() {
    assertEquals(List.of("keyCache", "strideKCache0", "kScale", "x", "blockTables"),
        JavaNames.parameters(List.of("key_cache_ptr", "stride_k_cache_0", "k_scale", "x", "block_tables_ptr"),
            List.of(true, false, true, false, true), Set.of()));
  }

  @Test
  void keywordsTakenNamesAndCollisionsStayLegalAndUnique() {
    assertEquals(List.of("new_", "gridArg", "outPtr", "out", "p0d"),
        JavaNames.parameters(List.of("new", "grid", "out_ptr", "out", "0d"), List.of(false, false, true, false, false),
            Set.of("grid")));
  }

  @Test
  void classesAndConstants() {
    assertEquals("PagedAttentionDecode", JavaNames.upperCamel("paged_attention_decode"));
    assertEquals("BF16_WIDE", JavaNames.constant("bf16Wide"));
    assertEquals("DECODE_HEAD128_FP8", JavaNames.constant("decodeHead128Fp8"));
  }
}
