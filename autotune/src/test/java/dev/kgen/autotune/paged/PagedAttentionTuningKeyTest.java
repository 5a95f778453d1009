package dev.kgen.autotune.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.kgen.autotune.cache.TuningKey;
import dev.kgen.ir.DType;
import dev.kgen.kernels.paged.PagedAttentionSpec;
import dev.kgen.runtime.Backend;
import dev.kgen.runtime.Backends;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** Configurations tuned in one dialect of a backend are not served to the other. */
class PagedAttentionTuningKeyTest {
  private static final PagedAttentionSpec SPEC =
      new PagedAttentionSpec(DType.BF16, DType.BF16, DType.BF16, 32, 8, 128, 16, 8, false, 0, false, true, 16);

  /** {@code backend} answering {@code dialect} to {@link Backend#dialect}, everything else as it does. */
  private static Backend speaking(Backend backend, String dialect) {
    return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
        (proxy, method, args) -> method.getName().equals("dialect") ? dialect : method.invoke(backend, args));
  }

  @Test
  void theDialectIsPartOfTheKeyOnlyWhereItIsNotTheBackendsName() {
    try (Backend interpreter = Backends.open("interpreter", null, notice -> {})) {
      TuningKey plain = PagedAttentionTuningKey.of(interpreter, SPEC, 64, 2048);
      assertEquals(plain, PagedAttentionTuningKey.of(speaking(interpreter, interpreter.name()), SPEC, 64, 2048));
      TuningKey other = PagedAttentionTuningKey.of(speaking(interpreter, "opencl-nvidia"), SPEC, 64, 2048);
      assertNotEquals(plain, other);
      assertNotEquals(plain.hash(), other.hash());
    }
  }
}
