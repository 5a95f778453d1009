package dev.kgen.runtime.paged;

import dev.kgen.runtime.jvm.JvmBackend;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The full randomized suite on the JVM backend. */
class PagedAttentionJvmTest {
  @TestFactory
  Stream<DynamicTest> everyFeatureAndRandomCombinations() {
    return PagedAttentionSuite.on(JvmBackend.create(), 12);
  }
}
