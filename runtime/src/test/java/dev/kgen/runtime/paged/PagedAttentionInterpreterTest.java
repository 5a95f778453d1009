package dev.kgen.runtime.paged;

import dev.kgen.runtime.interp.InterpreterBackend;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The DSL kernel through the interpreter against the float64 reference, every feature. */
class PagedAttentionInterpreterTest {
  @TestFactory
  Stream<DynamicTest> everyFeatureAndRandomCombinations() {
    return PagedAttentionSuite.on(new InterpreterBackend(), 6);
  }
}
